using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ResourceShare.Api.Tests.Authorization;

/// <summary>
/// A request body cannot set what the caller does not own (ids, verification, roles, the association):
/// such a field is a 400 that names it, and nothing is stored.
/// </summary>
public sealed class OwnedFieldsTests(AuthorizationApp app) : IClassFixture<AuthorizationApp>
{
    private string Association => $"/api/v1/associations/{app.AssociationId}";

    [Theory]
    [InlineData("POST /auth/register", "id")]
    [InlineData("POST /auth/register", "role")]
    [InlineData("POST /auth/register", "platformRole")]
    [InlineData("PATCH /me", "id")]
    [InlineData("PATCH /me", "role")]
    [InlineData("PATCH /me", "platformRole")]
    [InlineData("POST /associations", "id")]
    [InlineData("POST /associations", "verificationStatus")]
    [InlineData("POST /associations", "status")]
    [InlineData("POST /associations", "associationId")]
    [InlineData("PATCH /associations/{id}", "id")]
    [InlineData("PATCH /associations/{id}", "verificationStatus")]
    [InlineData("PATCH /associations/{id}", "status")]
    [InlineData("POST /associations/{id}/members", "associationId")]
    [InlineData("PATCH /associations/{id}/members/{userId}", "associationId")]
    [InlineData("POST /associations/{id}/api-keys", "id")]
    [InlineData("POST /associations/{id}/api-keys", "associationId")]
    public async Task Field_the_caller_does_not_own_is_400_naming_it(string endpoint, string field)
    {
        using var request = await app.RequestAsync(endpoint, app.AssociationId);
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync())!.AsObject();
        body[field] = ValueFor(field);
        request.Content = JsonContent.Create(body);

        using var response = await app.Owner.Client.SendAsync(request);

        var problem = await Expect.StatusAsync(response, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
    }

    [Fact]
    public async Task Verification_status_sent_with_a_profile_change_changes_nothing()
    {
        using var response = await app.Owner.Client.PatchAsJsonAsync(Association, new { description = "Now verified", verificationStatus = "verified" });
        using var after = await app.Owner.Client.GetAsync(Association);

        await Expect.StatusAsync(response, 400);
        var profile = await Expect.StatusAsync(after, 200);
        Assert.Equal("unverified", profile.GetProperty("verificationStatus").GetString());
        Assert.NotEqual("Now verified", profile.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Platform_role_sent_with_a_profile_change_changes_nothing()
    {
        var user = await app.RegisterAsync("climber");

        using var response = await user.Client.PatchAsJsonAsync("/api/v1/me", new { displayName = "Admin now", platformRole = "admin" });
        using var after = await user.Client.GetAsync("/api/v1/me");

        await Expect.StatusAsync(response, 400);
        var me = await Expect.StatusAsync(after, 200);
        Assert.Equal("member", me.GetProperty("platformRole").GetString());
        Assert.NotEqual("Admin now", me.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Platform_role_sent_at_registration_creates_no_account()
    {
        var email = $"climber-{Guid.NewGuid():N}@example.org";
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/register",
            new { email, password = AuthorizationApp.Password, displayName = "Climber", platformRole = "admin" });
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = AuthorizationApp.Password });

        await Expect.StatusAsync(response, 400);
        await Expect.StatusAsync(login, 401);
    }

    private string ValueFor(string field) => field switch
    {
        "id" => Guid.CreateVersion7().ToString(),
        "verificationStatus" or "status" => "verified",
        "role" => "owner",
        "platformRole" => "admin",
        "associationId" => app.OtherAssociationId.ToString(),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "No value to try for this field."),
    };
}
