using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Matches;

/// <summary>
/// Who sees and moves a match: the members of its two associations read it, their owners, coordinators and keys
/// with matches:write act for their side; for other associations, moderators and keys without matches:write it
/// does not exist (404); anonymous callers get 401.
/// </summary>
public sealed class MatchAccessTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private sealed record World(MatchParties Parties, Guid MatchId, Dictionary<string, HttpClient> Clients);

    private async Task<World> WorldAsync()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var match = await app.ProposeAsync(parties);
        var provider = parties.Provider;
        var others = await Task.WhenAll(
            app.AddMemberAsync(parties.Requester.Owner, parties.Requester.AssociationId, "member"),
            app.AddMemberAsync(provider.Owner, provider.AssociationId, "member"),
            app.AddMemberAsync(provider.Owner, provider.AssociationId, "coordinator"),
            app.RegisterAsync("stranger"),
            app.SignInWithRoleAsync("moderator"),
            app.SignInWithRoleAsync("admin"));
        var otherAssociation = await app.RegisterAsync("other");
        await app.CreateVerifiedAssociationAsync(otherAssociation);
        var clients = new Dictionary<string, HttpClient>
        {
            ["requester owner"] = parties.Requester.Owner.Client,
            ["requester member"] = others[0].Client,
            ["provider owner"] = provider.Owner.Client,
            ["provider member"] = others[1].Client,
            ["provider coordinator"] = others[2].Client,
            ["provider key matches:write"] = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(provider.Owner, provider.AssociationId, "matches:write")),
            ["provider key listings:write"] = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(provider.Owner, provider.AssociationId, "listings:read", "listings:write")),
            ["user without association"] = others[3].Client,
            ["other association"] = otherAssociation.Client,
            ["moderator"] = others[4].Client,
            ["admin"] = others[5].Client,
            ["anonymous"] = app.CreateClient(),
        };
        return new World(parties, match.Id(), clients);
    }

    [Fact]
    public async Task Reading_a_match_is_for_its_two_sides_only()
    {
        var world = await WorldAsync();

        var answers = new Dictionary<string, HttpStatusCode>();
        foreach (var (who, client) in world.Clients)
        {
            answers[who] = (await client.GetAsync($"/api/v1/matches/{world.MatchId}")).StatusCode;
        }

        Assert.Equal(new Dictionary<string, HttpStatusCode>
        {
            ["requester owner"] = HttpStatusCode.OK,
            ["requester member"] = HttpStatusCode.OK,
            ["provider owner"] = HttpStatusCode.OK,
            ["provider member"] = HttpStatusCode.OK,
            ["provider coordinator"] = HttpStatusCode.OK,
            ["provider key matches:write"] = HttpStatusCode.OK,
            ["provider key listings:write"] = HttpStatusCode.NotFound,
            ["user without association"] = HttpStatusCode.NotFound,
            ["other association"] = HttpStatusCode.NotFound,
            ["moderator"] = HttpStatusCode.NotFound,
            ["admin"] = HttpStatusCode.NotFound,
            ["anonymous"] = HttpStatusCode.Unauthorized,
        }, answers);
    }

    [Theory]
    [InlineData("provider owner", HttpStatusCode.OK)]
    [InlineData("provider coordinator", HttpStatusCode.OK)]
    [InlineData("provider key matches:write", HttpStatusCode.OK)]
    [InlineData("provider member", HttpStatusCode.Forbidden)]
    [InlineData("requester owner", HttpStatusCode.Forbidden)]
    [InlineData("requester member", HttpStatusCode.Forbidden)]
    [InlineData("provider key listings:write", HttpStatusCode.NotFound)]
    [InlineData("other association", HttpStatusCode.NotFound)]
    [InlineData("moderator", HttpStatusCode.NotFound)]
    [InlineData("anonymous", HttpStatusCode.Unauthorized)]
    public async Task Accepting_is_for_managers_of_the_side_that_did_not_propose(string who, HttpStatusCode expected)
    {
        var world = await WorldAsync();

        var response = await ResourceShareApp.PostMoveAsync(world.Clients[who], world.MatchId, "accept");

        Assert.Equal(expected, response.StatusCode);
        var status = (await world.Parties.Requester.Owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/matches/{world.MatchId}")).Str("status");
        Assert.Equal(expected == HttpStatusCode.OK ? "accepted" : "proposed", status);
    }

    [Fact]
    public async Task The_match_list_shows_incoming_and_outgoing_to_the_associations_members()
    {
        var world = await WorldAsync();
        var provider = world.Parties.Provider.AssociationId;
        var requester = world.Parties.Requester.AssociationId;

        async Task<List<Guid>> IdsAsync(string who, string query)
        {
            var page = await world.Clients[who].GetFromJsonAsync<JsonElement>($"/api/v1/matches?{query}");
            return page.GetProperty("items").EnumerateArray().Select(m => m.Id()).ToList();
        }

        Assert.Equal([world.MatchId], await IdsAsync("provider member", $"associationId={provider}&direction=incoming"));
        Assert.Empty(await IdsAsync("provider member", $"associationId={provider}&direction=outgoing"));
        Assert.Equal([world.MatchId], await IdsAsync("requester member", $"associationId={requester}&direction=outgoing&status=proposed"));
        Assert.Empty(await IdsAsync("requester owner", $"associationId={requester}&status=accepted"));
        Assert.Equal([world.MatchId], await IdsAsync("provider key matches:write", ""));
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Clients["other association"].GetAsync($"/api/v1/matches?associationId={provider}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Clients["moderator"].GetAsync($"/api/v1/matches?associationId={provider}")).StatusCode);
        Assert.Contains("direction", (await (await world.Clients["provider owner"].GetAsync($"/api/v1/matches?associationId={provider}&direction=sideways")).ValidationErrorsAsync()).Keys);
    }

    [Fact]
    public async Task The_match_list_pages_newest_first_without_gaps()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await app.ProposeAsync(parties)).Id());
        }

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await parties.Provider.Owner.Client.GetFromJsonAsync<JsonElement>(
                $"/api/v1/matches?associationId={parties.Provider.AssociationId}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(m => m.Id()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        ids.Reverse();
        Assert.Equal(ids, seen);
    }
}
