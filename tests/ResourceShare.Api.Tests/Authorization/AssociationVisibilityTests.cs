using System.Text.Json;
using static ResourceShare.Api.Tests.Authorization.Principal;

namespace ResourceShare.Api.Tests.Authorization;

/// <summary>
/// What the answers say, beyond their status: an association's contact email and members only for its members,
/// its keys (with a reading scope) and moderators; refusals that tell an outsider nothing.
/// </summary>
public sealed class AssociationVisibilityTests(AuthorizationApp app) : IClassFixture<AuthorizationApp>
{
    private static readonly string[] ProblemFields = ["detail", "instance", "status", "title", "traceId", "type"];

    public static TheoryData<string, bool, int> OutsiderRefusals => new()
    {
        { "PATCH /associations/{id}", false, 403 },
        { "GET /associations/{id}/members", false, 403 },
        { "POST /associations/{id}/members", false, 403 },
        { "PATCH /associations/{id}/members/{userId}", false, 403 },
        { "DELETE /associations/{id}/members/{userId}", false, 403 },
        { "POST /associations/{id}/api-keys", false, 403 },
        { "GET /associations/{id}/api-keys", false, 403 },
        { "DELETE /associations/{id}/api-keys/{keyId}", false, 403 },
        { "GET /associations/{id}", true, 404 },
        { "PATCH /associations/{id}", true, 404 },
        { "GET /associations/{id}/members", true, 404 },
        { "GET /associations/{id}/api-keys", true, 404 },
    };

    [Theory]
    [InlineData(Member)]
    [InlineData(Coordinator)]
    [InlineData(Owner)]
    [InlineData(Moderator)]
    [InlineData(KeyWithAllScopes)]
    public async Task Profile_for_insider_shows_contact_email_and_members(Principal principal)
    {
        var profile = await ProfileAsync(principal, app.AssociationId);

        Assert.Equal(app.ContactEmail, profile.GetProperty("contactEmail").GetString());
        var roles = profile.GetProperty("members").EnumerateArray()
            .ToDictionary(m => m.GetProperty("userId").GetGuid(), m => m.GetProperty("role").GetString());
        Assert.Equal("owner", roles[app.Owner.Id]);
        Assert.Equal("coordinator", roles[app.Coordinator.Id]);
        Assert.Equal("member", roles[app.Member.Id]);
    }

    [Theory]
    [InlineData(Anonymous)]
    [InlineData(Outsider)]
    [InlineData(KeyWithoutRelevantScope)]
    [InlineData(KeyOfOtherAssociation)]
    public async Task Profile_for_outsider_hides_contact_email_and_members(Principal principal)
    {
        var profile = await ProfileAsync(principal, app.AssociationId);

        Assert.Equal(app.AssociationName, profile.GetProperty("name").GetString());
        Assert.True(IsNullOrAbsent(profile, "contactEmail"));
        Assert.True(IsNullOrAbsent(profile, "members"));
        AssertLeaksNothing(profile);
    }

    [Theory]
    [InlineData(Owner)]
    [InlineData(Moderator)]
    public async Task Suspended_profile_for_its_owner_and_moderators_shows_private_data(Principal principal)
    {
        var profile = await ProfileAsync(principal, app.SuspendedAssociationId);

        Assert.Equal("suspended", profile.GetProperty("verificationStatus").GetString());
        Assert.Equal(app.SuspendedContactEmail, profile.GetProperty("contactEmail").GetString());
        Assert.Contains(profile.GetProperty("members").EnumerateArray(), m => m.GetProperty("userId").GetGuid() == app.Owner.Id);
    }

    [Theory]
    [InlineData(Anonymous)]
    [InlineData(Outsider)]
    [InlineData(Member)]
    [InlineData(Owner)]
    [InlineData(Moderator)]
    [InlineData(KeyWithAllScopes)]
    public async Task Directory_lists_no_private_data_and_no_suspended_association(Principal principal)
    {
        var client = app.ClientFor(principal);

        using var listed = await client.GetAsync($"/api/v1/associations?q={Uri.EscapeDataString(app.AssociationName)}");
        using var suspended = await client.GetAsync($"/api/v1/associations?q={Uri.EscapeDataString(app.SuspendedAssociationName)}");

        var item = Assert.Single((await Expect.StatusAsync(listed, 200)).GetProperty("items").EnumerateArray());
        Assert.Equal(app.AssociationId, item.GetProperty("id").GetGuid());
        Assert.True(IsNullOrAbsent(item, "contactEmail"));
        Assert.True(IsNullOrAbsent(item, "members"));
        AssertLeaksNothing(item);
        Assert.Empty((await Expect.StatusAsync(suspended, 200)).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(OutsiderRefusals))]
    public async Task Refusal_to_outsider_is_a_bare_problem_that_leaks_nothing(string endpoint, bool suspended, int expected)
    {
        using var request = await app.RequestAsync(endpoint, suspended ? app.SuspendedAssociationId : app.AssociationId);

        using var response = await app.ClientFor(Outsider).SendAsync(request);

        var problem = await Expect.StatusAsync(response, expected);
        Assert.Equal(ProblemFields, problem.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        AssertLeaksNothing(problem);
    }

    private async Task<JsonElement> ProfileAsync(Principal principal, Guid associationId)
    {
        using var response = await app.ClientFor(principal).GetAsync($"/api/v1/associations/{associationId}");
        return await Expect.StatusAsync(response, 200);
    }

    private static bool IsNullOrAbsent(JsonElement element, string property) =>
        !element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null;

    private void AssertLeaksNothing(JsonElement body)
    {
        var text = body.GetRawText();
        string[] secrets =
        [
            app.ContactEmail, app.SuspendedContactEmail, app.SuspendedAssociationName, app.Owner.Email, app.Coordinator.Email,
            app.Member.Email, "Npgsql", "SELECT", "caller_may", "Exception",
        ];
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase));
    }
}
