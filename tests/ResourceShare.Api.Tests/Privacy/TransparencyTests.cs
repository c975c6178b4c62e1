using System.Net;
using System.Net.Http.Json;
using Dapper;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Privacy;

public sealed class TransparencyTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    [Fact]
    public async Task The_accepted_terms_version_is_recorded_per_user_and_exported()
    {
        var user = await app.RegisterAsync();
        var before = await (await user.Client.GetAsync("/api/v1/me/terms")).JsonAsync(HttpStatusCode.OK);
        var current = before.Str("currentVersion");

        var stale = await user.Client.PostAsJsonAsync("/api/v1/me/terms", new { version = "1999-01" });
        var accepted = await (await user.Client.PostAsJsonAsync("/api/v1/me/terms", new { version = current })).JsonAsync(HttpStatusCode.OK);

        Assert.False(before.GetProperty("upToDate").GetBoolean());
        Assert.Equal(current, (await ProblemAssert.IsAsync(stale, HttpStatusCode.UnprocessableEntity)).Str("currentVersion"));
        Assert.True(accepted.GetProperty("upToDate").GetBoolean());
        Assert.Equal(current, accepted.Str("acceptedVersion"));
        var export = await (await user.Client.GetAsync("/api/v1/me/export")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(current, export.GetProperty("profile").Str("acceptedTermsVersion"));
    }

    [Fact]
    public async Task Registration_records_the_current_terms_version_it_accepts_together_with_the_account()
    {
        var anonymous = app.CreateClient();
        var current = (await (await anonymous.GetAsync("/api/v1/terms")).JsonAsync(HttpStatusCode.OK)).Str("currentVersion");
        var email = $"terms-{Guid.NewGuid():N}@example.org";

        var registered = await (await anonymous.PostAsJsonAsync("/api/v1/auth/register",
            new { email, password = "Ein langes Passwort 2026!", displayName = "Terms", acceptedTermsVersion = current })).JsonAsync(HttpStatusCode.Created);

        using var client = app.CreateClientWithToken(registered.GetProperty("tokens").Str("accessToken"));
        var terms = await (await client.GetAsync("/api/v1/me/terms")).JsonAsync(HttpStatusCode.OK);
        Assert.True(terms.GetProperty("upToDate").GetBoolean());
        Assert.Equal(current, terms.Str("acceptedVersion"));
        Assert.True(terms.GetProperty("acceptedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Registration_with_another_terms_version_returns_422_naming_the_current_one_and_creates_no_account()
    {
        var email = $"stale-terms-{Guid.NewGuid():N}@example.org";
        var password = "Ein langes Passwort 2026!";

        var stale = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/register",
            new { email, password, displayName = "Stale", acceptedTermsVersion = "1999-01" });

        var problem = await ProblemAssert.IsAsync(stale, HttpStatusCode.UnprocessableEntity);
        Assert.Equal((await (await app.CreateClient().GetAsync("/api/v1/terms")).JsonAsync(HttpStatusCode.OK)).Str("currentVersion"), problem.Str("currentVersion"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password })).StatusCode);
    }

    [Fact]
    public async Task A_new_terms_version_asks_again()
    {
        var user = await app.RegisterAsync();
        var current = (await (await user.Client.GetAsync("/api/v1/me/terms")).JsonAsync(HttpStatusCode.OK)).Str("currentVersion");
        await (await user.Client.PostAsJsonAsync("/api/v1/me/terms", new { version = current })).JsonAsync(HttpStatusCode.OK);
        using var newer = app.WithSettings(("Privacy:TermsVersion", "2099-01"));
        using var client = newer.CreateClient();
        client.DefaultRequestHeaders.Authorization = user.Client.DefaultRequestHeaders.Authorization;

        var terms = await (await client.GetAsync("/api/v1/me/terms")).JsonAsync(HttpStatusCode.OK);

        Assert.False(terms.GetProperty("upToDate").GetBoolean());
        Assert.Equal(current, terms.Str("acceptedVersion"));
    }

    [Fact]
    public async Task A_moderator_reading_contact_data_or_members_is_audited_and_a_member_reading_is_not()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var moderator = await app.SignInWithRoleAsync("moderator");

        await (await owner.Client.GetAsync($"/api/v1/associations/{associationId}")).JsonAsync(HttpStatusCode.OK);
        await (await owner.Client.GetAsync($"/api/v1/associations/{associationId}/members")).JsonAsync(HttpStatusCode.OK);
        var profile = await (await moderator.Client.GetAsync($"/api/v1/associations/{associationId}")).JsonAsync(HttpStatusCode.OK);
        await (await moderator.Client.GetAsync($"/api/v1/associations/{associationId}/members")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("kontakt@verein.example", profile.Str("contactEmail"));
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        var entries = (await conn.QueryAsync<(Guid? Actor, string Action)>(
            "SELECT actor_id, action FROM audit_log WHERE target_id = @Id AND action LIKE '%_read' ORDER BY occurred_at, id", new { Id = associationId })).ToList();
        Assert.Equal([(moderator.Id, "association.contact_data_read"), (moderator.Id, "association.members_read")], entries);
    }
}
