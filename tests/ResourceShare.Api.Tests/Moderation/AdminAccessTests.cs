using System.Net;
using System.Net.Http.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Moderation;

/// <summary>Every endpoint under /api/v1/admin: 401 without credentials, 403 for members, owners and API keys, and who gets in.</summary>
public sealed class AdminAccessTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    public static TheoryData<string, string, bool> Endpoints => new()
    {
        // method, path (with {listing} or {association}), whether moderators (not only admins) may use it
        { "GET", "moderation/queue", true },
        { "POST", "listings/{listing}/approve", true },
        { "POST", "listings/{listing}/reject", true },
        { "POST", "listings/{listing}/remove", true },
        { "POST", "listings/{listing}/restore", true },
        { "POST", "associations/{association}/verify", true },
        { "POST", "associations/{association}/suspend", true },
        { "POST", "associations/{association}/reinstate", true },
        { "GET", "audit-log", false },
        { "GET", "stats", false },
    };

    private static HttpRequestMessage Request(string method, string path, Guid associationId, Guid listingId) =>
        new(new HttpMethod(method), "/api/v1/admin/" + path.Replace("{listing}", listingId.ToString()).Replace("{association}", associationId.ToString()))
        {
            Content = method == "POST" ? JsonContent.Create(new { reason = "Grund", registerCourt = ModerationSteps.RegisterCourt, registerNumber = ModerationSteps.RegisterNumber }) : null,
        };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Only_moderators_and_admins_get_in(string method, string path, bool forModerators)
    {
        var (owner, associationId, listingId) = await app.PublishedListingAsync();
        var coordinator = await app.AddMemberAsync(owner, associationId, "coordinator");
        var member = await app.RegisterAsync();
        using var keyClient = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(owner, associationId, "listings:write", "matches:write"));
        using var anonymous = app.CreateClient();

        await ProblemAssert.IsAsync(await anonymous.SendAsync(Request(method, path, associationId, listingId)), HttpStatusCode.Unauthorized);
        foreach (var client in new[] { member.Client, owner.Client, coordinator.Client, keyClient })
        {
            await ProblemAssert.IsAsync(await client.SendAsync(Request(method, path, associationId, listingId)), HttpStatusCode.Forbidden);
        }

        var moderator = await app.SignInWithRoleAsync("moderator");
        var admin = await app.SignInWithRoleAsync("admin");
        var asModerator = await moderator.Client.SendAsync(Request(method, path, associationId, listingId));
        var asAdmin = await admin.Client.SendAsync(Request(method, path, associationId, listingId));

        Assert.Equal(forModerators, asModerator.StatusCode != HttpStatusCode.Forbidden);
        Assert.NotEqual(HttpStatusCode.Forbidden, asAdmin.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, asAdmin.StatusCode);
        Assert.True((int)asAdmin.StatusCode < 500);
        Assert.DoesNotContain(await app.AuditRowsAsync(listingId), a => a.ActorId == owner.Id || a.ActorId == coordinator.Id);
    }

    [Fact]
    public async Task Decisions_by_refused_callers_change_nothing()
    {
        var (owner, associationId, listingId) = await app.PublishedListingAsync();

        await owner.DecideAsync($"listings/{listingId}/remove", new { reason = "selbst" });
        await owner.DecideAsync($"associations/{associationId}/suspend", new { reason = "selbst" });

        Assert.Equal(HttpStatusCode.OK, await app.StrangerGetsAsync(listingId));
        Assert.Empty(await app.AuditRowsAsync(listingId));
        Assert.Empty(await app.AuditRowsAsync(associationId));
    }

    [Fact]
    public async Task The_openapi_document_says_admin_operations_need_a_moderator_or_admin_token_and_answer_401_and_403()
    {
        using var client = app.CreateClient();
        var paths = (await (await client.GetAsync("/openapi/v1.json")).JsonAsync(HttpStatusCode.OK)).GetProperty("paths");

        var operations = paths.EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/admin/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject()).ToList();

        Assert.Equal(Endpoints.Count, operations.Count);
        Assert.All(operations, o =>
        {
            var requirement = Assert.Single(Assert.Single(o.Value.GetProperty("security").EnumerateArray()).EnumerateObject());
            Assert.Equal("bearer", requirement.Name);
            Assert.Contains("admin", requirement.Value.EnumerateArray().Select(role => role.GetString()));
            Assert.Contains("Platform role required: ", o.Value.GetProperty("description").GetString());
            Assert.True(o.Value.GetProperty("responses").TryGetProperty("401", out _));
            Assert.True(o.Value.GetProperty("responses").TryGetProperty("403", out _));
        });
    }
}
