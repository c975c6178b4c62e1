using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Feedback;

/// <summary>Feedback on a completed match: once per side, by its managers, notified to the other side.</summary>
public sealed class FeedbackTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private sealed record Match(MatchPartner Requester, MatchPartner Provider, Guid Id);

    /// <summary>The feedback notices in a side's inbox (its inbox also holds the match's proposal and booking events).</summary>
    private static async Task<List<JsonElement>> FeedbackNoticesAsync(HttpClient client, Guid associationId) =>
        (await ResourceShareApp.InboxAsync(client, associationId)).Where(n => n.Str("kind") == "feedback_received").ToList();

    private async Task<Match> MatchAsync(string status = "completed")
    {
        var requester = await app.CreateMatchPartnerAsync();
        var provider = await app.CreateMatchPartnerAsync();
        return new Match(requester, provider, await app.ArrangeMatchAsync(requester, provider, status));
    }

    private static string Path(Guid matchId) => $"/api/v1/matches/{matchId}/feedback";

    private static Task<HttpResponseMessage> GiveAsync(HttpClient client, Guid matchId, object? body = null) =>
        client.PostAsJsonAsync(Path(matchId), body ?? new { rating = 5, comment = "Pünktlich und freundlich." });

    private async Task<string> NameAsync(Guid associationId) =>
        (await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/associations/{associationId}")).Str("name");

    [Fact]
    public async Task Feedback_on_a_completed_match_is_created_and_notified_to_the_other_side()
    {
        var match = await MatchAsync();

        var created = await (await GiveAsync(match.Provider.Manager.Client, match.Id)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(5, created.GetProperty("rating").GetInt32());
        Assert.Equal("Pünktlich und freundlich.", created.Str("comment"));
        Assert.Equal(match.Provider.AssociationId, created.GetProperty("fromAssociation").Id());
        Assert.Equal(match.Requester.AssociationId, created.GetProperty("toAssociation").Id());
        var notice = Assert.Single(await FeedbackNoticesAsync(match.Requester.Manager.Client, match.Requester.AssociationId));
        Assert.Equal("feedback_received", notice.Str("kind"));
        Assert.Equal(match.Id, notice.GetProperty("matchId").GetGuid());
        Assert.Equal(5, notice.GetProperty("data").GetProperty("rating").GetInt32());
        Assert.Equal(await NameAsync(match.Provider.AssociationId), notice.GetProperty("data").Str("counterpartName"));
        Assert.Empty(await FeedbackNoticesAsync(match.Provider.Manager.Client, match.Provider.AssociationId));
    }

    [Theory]
    [InlineData("proposed")]
    [InlineData("accepted")]
    [InlineData("declined")]
    [InlineData("cancelled")]
    public async Task Feedback_before_completion_is_409_naming_the_status(string status)
    {
        var match = await MatchAsync(status);

        var problem = await ProblemAssert.IsAsync(await GiveAsync(match.Requester.Manager.Client, match.Id), HttpStatusCode.Conflict, "invalid-transition");

        Assert.Equal(status, problem.Str("currentStatus"));
        Assert.Contains(status, problem.Str("detail"));
        Assert.Empty(await FeedbackNoticesAsync(match.Provider.Manager.Client, match.Provider.AssociationId));
    }

    [Fact]
    public async Task Each_side_gives_feedback_once_and_both_see_both()
    {
        var match = await MatchAsync();
        await (await GiveAsync(match.Requester.Manager.Client, match.Id, new { rating = 4 })).JsonAsync(HttpStatusCode.Created);

        var second = await GiveAsync(match.Requester.Manager.Client, match.Id, new { rating = 1 });
        var other = await GiveAsync(match.Provider.Manager.Client, match.Id, new { rating = 5 });

        await ProblemAssert.IsAsync(second, HttpStatusCode.Conflict, "conflict");
        await other.JsonAsync(HttpStatusCode.Created);
        foreach (var side in new[] { match.Requester, match.Provider })
        {
            var items = (await side.Manager.Client.GetFromJsonAsync<JsonElement>(Path(match.Id))).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal([4, 5], items.Select(f => f.GetProperty("rating").GetInt32()));
        }

        Assert.Single(await FeedbackNoticesAsync(match.Provider.Manager.Client, match.Provider.AssociationId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(null)]
    public async Task A_rating_outside_1_to_5_or_missing_is_400(int? rating)
    {
        var match = await MatchAsync();

        await ProblemAssert.ValidationAsync(await GiveAsync(match.Requester.Manager.Client, match.Id, new { rating }), "rating");
    }

    [Fact]
    public async Task A_comment_over_2000_characters_is_400()
    {
        var match = await MatchAsync();

        var response = await GiveAsync(match.Requester.Manager.Client, match.Id, new { rating = 3, comment = new string('x', 2001) });

        await ProblemAssert.ValidationAsync(response, "comment");
    }

    [Fact]
    public async Task Another_association_gets_404_a_plain_member_403_and_anonymous_callers_401()
    {
        var match = await MatchAsync();
        var stranger = await app.CreateMatchPartnerAsync();
        var member = await app.AddMemberAsync(match.Requester.Manager, match.Requester.AssociationId, "member");
        using var anonymous = app.CreateClient();

        await ProblemAssert.IsAsync(await GiveAsync(stranger.Manager.Client, match.Id), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await stranger.Manager.Client.GetAsync(Path(match.Id)), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await GiveAsync(member.Client, match.Id), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(await GiveAsync(anonymous, match.Id), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsAsync(await GiveAsync(match.Requester.Manager.Client, Guid.NewGuid()), HttpStatusCode.NotFound, "not-found");
        Assert.Empty((await member.Client.GetFromJsonAsync<JsonElement>(Path(match.Id))).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_coordinator_and_a_key_with_matches_write_give_feedback_a_key_without_it_cannot_see_the_match()
    {
        var match = await MatchAsync();
        var coordinator = await app.AddMemberAsync(match.Provider.Manager, match.Provider.AssociationId, "coordinator");
        using var key = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(match.Requester.Manager, match.Requester.AssociationId, "matches:write"));
        using var readKey = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(match.Requester.Manager, match.Requester.AssociationId, "listings:read"));

        await ProblemAssert.IsAsync(await GiveAsync(readKey, match.Id), HttpStatusCode.NotFound, "not-found");
        await (await GiveAsync(coordinator.Client, match.Id)).JsonAsync(HttpStatusCode.Created);
        await (await GiveAsync(key, match.Id)).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_manager_of_both_sides_cannot_rate_either()
    {
        var match = await MatchAsync();
        var both = await app.AddMemberAsync(match.Requester.Manager, match.Requester.AssociationId, "coordinator");
        await match.Provider.Manager.Client.PostAsJsonAsync($"/api/v1/associations/{match.Provider.AssociationId}/members", new { email = both.Email, role = "owner" });

        await ProblemAssert.IsAsync(await GiveAsync(both.Client, match.Id), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task The_same_Idempotency_Key_replays_the_first_answer()
    {
        var match = await MatchAsync();
        var key = Guid.NewGuid().ToString();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Path(match.Id)) { Content = JsonContent.Create(new { rating = 4 }) };
            request.Headers.Add("Idempotency-Key", key);
            responses.Add(await match.Requester.Manager.Client.SendAsync(request));
        }

        var first = await responses[0].JsonAsync(HttpStatusCode.Created);
        var replay = await responses[1].JsonAsync(HttpStatusCode.Created);
        Assert.Equal("true", responses[1].Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetRawText(), replay.GetRawText());
        Assert.Single(await FeedbackNoticesAsync(match.Provider.Manager.Client, match.Provider.AssociationId));
    }

    [Fact]
    public async Task The_profile_and_the_directory_show_the_average_rating_the_count_and_completed_matches()
    {
        var rated = await app.CreateMatchPartnerAsync();
        foreach (var rating in new[] { 5, 4, 4 })
        {
            var partner = await app.CreateMatchPartnerAsync();
            var id = await app.ArrangeCompletedMatchAsync(partner, rated);
            await (await GiveAsync(partner.Manager.Client, id, new { rating })).JsonAsync(HttpStatusCode.Created);
            await (await GiveAsync(rated.Manager.Client, id, new { rating = 1 })).JsonAsync(HttpStatusCode.Created);
        }

        await app.ArrangeMatchAsync(rated, await app.CreateMatchPartnerAsync(), "completed");
        await app.ArrangeMatchAsync(rated, await app.CreateMatchPartnerAsync(), "accepted");
        using var anonymous = app.CreateClient();

        var profile = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/associations/{rated.AssociationId}");
        var name = profile.Str("name");
        var listed = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/associations?q={Uri.EscapeDataString(name)}"))
            .GetProperty("items").EnumerateArray().Single(a => a.Id() == rated.AssociationId);

        foreach (var association in new[] { profile, listed })
        {
            Assert.Equal(4.3m, association.GetProperty("rating").GetProperty("average").GetDecimal());
            Assert.Equal(3, association.GetProperty("rating").GetProperty("count").GetInt64());
            Assert.Equal(4, association.GetProperty("completedMatches").GetInt64());
        }
    }

    [Fact]
    public async Task A_new_association_has_no_average_no_ratings_and_no_completed_matches()
    {
        var side = await app.CreateMatchPartnerAsync();

        var profile = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/associations/{side.AssociationId}");

        Assert.Equal(JsonValueKind.Null, profile.GetProperty("rating").GetProperty("average").ValueKind);
        Assert.Equal(0, profile.GetProperty("rating").GetProperty("count").GetInt64());
        Assert.Equal(0, profile.GetProperty("completedMatches").GetInt64());
    }
}
