using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Privacy;

public sealed class ExportTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    [Fact]
    public async Task A_person_exports_everything_they_did_as_a_download()
    {
        var active = await app.ActivePersonAsync();

        var response = await active.Person.Client.GetAsync("/api/v1/me/export");
        var export = await response.JsonAsync(HttpStatusCode.OK);

        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var profile = export.GetProperty("profile");
        Assert.Equal(active.Person.Email, profile.Str("email"));
        Assert.Equal(active.Name, profile.Str("displayName"));
        Assert.Equal(active.AssociationId, Assert.Single(Items(export, "memberships")).GetProperty("associationId").GetGuid());
        Assert.Contains(Items(export, "listings"), l => l.Id() == active.RequestId);
        Assert.Equal(PrivacyScenario.MessageBody, Assert.Single(Items(export, "messages")).Str("body"));
        Assert.Equal(PrivacyScenario.FeedbackComment, Assert.Single(Items(export, "feedback")).Str("comment"));
        Assert.Equal(PrivacyScenario.ReportComment, Assert.Single(Items(export, "reports")).Str("comment"));
        Assert.NotEmpty(Items(export, "sessions"));
        Assert.Single(Items(export, "apiKeysCreated"));
        Assert.Contains(Items(export, "auditEntries"), e => e.Str("action") == "api_key.created");
        Assert.DoesNotContain("tokenHash", export.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("passwordHash", export.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_export_holds_nothing_of_other_people()
    {
        var active = await app.ActivePersonAsync();

        var export = await (await active.Partner.Owner.Client.GetAsync("/api/v1/me/export")).JsonAsync(HttpStatusCode.OK);

        Assert.DoesNotContain(active.Person.Email, export.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(PrivacyScenario.MessageBody, export.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(Items(export, "messages"));
    }

    [Fact]
    public async Task An_owner_exports_the_association_with_members_matches_and_messages()
    {
        var active = await app.ActivePersonAsync();
        var coordinator = await app.AddMemberAsync(active.Person, active.AssociationId, "coordinator");

        var export = await (await active.Person.Client.GetAsync($"/api/v1/associations/{active.AssociationId}/export")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("kontakt@verein.example", export.GetProperty("association").Str("contactEmail"));
        Assert.Equal(new[] { active.Person.Email, coordinator.Email }.Order(), Items(export, "members").Select(m => m.Str("email")).Order());
        Assert.Equal(active.MatchId, Assert.Single(Items(export, "matches")).Id());
        Assert.Equal(PrivacyScenario.MessageBody, Assert.Single(Items(export, "messages")).Str("body"));
        Assert.NotEmpty(Items(export, "notifications"));
        Assert.Single(Items(export, "apiKeys"));
        Assert.DoesNotContain("keyHash", export.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("coordinator", HttpStatusCode.Forbidden)]
    [InlineData("member", HttpStatusCode.Forbidden)]
    [InlineData("stranger", HttpStatusCode.Forbidden)]
    [InlineData("moderator", HttpStatusCode.Forbidden)]
    public async Task Only_owners_export_an_association(string who, HttpStatusCode expected)
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var caller = who switch
        {
            "stranger" => await app.RegisterAsync(who),
            "moderator" => await app.SignInWithRoleAsync(who),
            _ => await app.AddMemberAsync(owner, associationId, who),
        };

        var response = await caller.Client.GetAsync($"/api/v1/associations/{associationId}/export");

        await ProblemAssert.IsAsync(response, expected);
    }

    [Fact]
    public async Task The_export_of_an_unknown_association_is_404_and_without_a_token_401()
    {
        var user = await app.RegisterAsync();
        using var anonymous = app.CreateClient();

        await ProblemAssert.IsAsync(await user.Client.GetAsync($"/api/v1/associations/{Guid.NewGuid()}/export"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/me/export")).StatusCode);
    }

    private static List<JsonElement> Items(JsonElement export, string section) => export.GetProperty(section).EnumerateArray().ToList();
}
