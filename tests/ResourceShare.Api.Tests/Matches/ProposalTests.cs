using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResourceShare.Api.Matches;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Matches;

/// <summary>POST /matches: who may propose what, the windows and quantity a proposal takes, idempotency and fairness.</summary>
public sealed class ProposalTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private static readonly DateTimeOffset Day7 = ListingBodies.Day(7, 16);
    private static readonly DateTimeOffset Day8 = ListingBodies.Day(8, 16);

    private static Action<JsonObject> Windows(params (DateTimeOffset Start, DateTimeOffset End)[] windows) =>
        b => b["schedule"] = new JsonObject { ["windows"] = new JsonArray(windows.Select(w => (JsonNode)ListingBodies.Window(w.Start, w.End)).ToArray()) };

    [Fact]
    public async Task The_same_Idempotency_Key_replays_the_proposal_instead_of_making_a_second()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var key = Guid.NewGuid().ToString();
        var body = new { requestId = parties.RequestId, offerId = parties.OfferId, message = "Einmal bitte." };

        HttpRequestMessage Post() => new(HttpMethod.Post, "/api/v1/matches") { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", key } } };
        var first = await parties.Requester.Owner.Client.SendAsync(Post());
        var second = await parties.Requester.Owner.Client.SendAsync(Post());

        Assert.Equal((await first.JsonAsync(HttpStatusCode.Created)).Id(), (await second.JsonAsync(HttpStatusCode.Created)).Id());
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1L, await app.QueryScalarAsync<long>("SELECT count(*) FROM match WHERE request_id = @id", parties.RequestId));
    }

    [Fact]
    public async Task Without_windows_the_first_alternative_the_offer_can_serve_is_taken()
    {
        var parties = await app.CreateMatchPartiesAsync(
            request: Windows((Day7, Day7.AddHours(3)), (Day8, Day8.AddHours(3))),
            offer: Windows((Day8.AddHours(-1), Day8.AddHours(5))));

        var match = await app.ProposeAsync(parties);

        var window = Assert.Single(match.GetProperty("windows").EnumerateArray());
        Assert.Equal(Day8, window.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(Day8, match.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(Day8.AddHours(3), match.GetProperty("endsAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_window_asked_for_is_taken_when_request_and_offer_both_cover_it()
    {
        var parties = await app.CreateMatchPartiesAsync();

        var match = await app.ProposeAsync(parties, b => b["windows"] = new JsonArray(ListingBodies.Window(Day7.AddHours(1), Day7.AddHours(2))));

        Assert.Equal(Day7.AddHours(1), match.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(Day7.AddHours(2), match.GetProperty("endsAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_window_the_offer_does_not_cover_is_a_400_naming_it()
    {
        var parties = await app.CreateMatchPartiesAsync(request: Windows((Day7, Day7.AddHours(6))));

        var response = await app.PostProposalAsync(parties.Requester.Owner.Client, parties.RequestId, parties.OfferId,
            b => b["windows"] = new JsonArray(ListingBodies.Window(Day7.AddHours(2), Day7.AddHours(4))));

        var errors = await response.ValidationErrorsAsync();
        Assert.Contains(Day7.AddHours(2).ToString("yyyy-MM-dd HH:mm"), errors["windows"][0]);
    }

    [Fact]
    public async Task An_offer_available_for_none_of_the_requests_windows_is_a_409()
    {
        var parties = await app.CreateMatchPartiesAsync(offer: Windows((Day8, Day8.AddHours(3))));

        var response = await app.PostProposalAsync(parties.Requester.Owner.Client, parties.RequestId, parties.OfferId);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Listings_that_do_not_fit_together_are_refused_with_the_field_at_fault()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var own = await app.PublishListingAsync(parties.Requester.Owner, parties.Requester.AssociationId);
        var vehicle = await app.PublishListingAsync(parties.Provider.Owner, parties.Provider.AssociationId, "vehicle");
        var client = parties.Requester.Owner.Client;

        var swapped = await app.PostProposalAsync(client, parties.OfferId, parties.RequestId);
        var unknown = await app.PostProposalAsync(client, Guid.NewGuid(), parties.OfferId);
        var sameAssociation = await app.PostProposalAsync(client, parties.RequestId, own.Id());
        var otherCategory = await app.PostProposalAsync(client, parties.RequestId, vehicle.Id());

        Assert.Contains("requestId", (await swapped.ValidationErrorsAsync()).Keys);
        Assert.Contains("requestId", (await unknown.ValidationErrorsAsync()).Keys);
        Assert.Contains("offerId", (await sameAssociation.ValidationErrorsAsync()).Keys);
        Assert.Contains("offerId", (await otherCategory.ValidationErrorsAsync()).Keys);
    }

    [Fact]
    public async Task A_request_that_is_not_published_cannot_be_proposed()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var draft = await app.CreateListingAsync(parties.Requester.Owner, parties.Requester.AssociationId, kind: "request");

        var response = await app.PostProposalAsync(parties.Requester.Owner.Client, draft.Id(), parties.OfferId);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task A_suspended_associations_offer_cannot_be_proposed_to()
    {
        var parties = await app.CreateMatchPartiesAsync();
        await app.SetVerificationStatusAsync(parties.Provider.AssociationId, "suspended");

        var response = await app.PostProposalAsync(parties.Requester.Owner.Client, parties.RequestId, parties.OfferId);

        Assert.Contains("offerId", (await response.ValidationErrorsAsync()).Keys);
    }

    [Fact]
    public async Task Equipment_quantity_defaults_to_the_requests_and_may_not_exceed_the_offers()
    {
        var parties = await app.CreateMatchPartiesAsync("equipment", request: b => b["details"]!["quantity"] = 1);

        var byDefault = await app.ProposeAsync(parties);
        var tooMany = await app.PostProposalAsync(parties.Requester.Owner.Client, parties.RequestId, parties.OfferId, b => b["quantity"] = 3);

        Assert.Equal(1, byDefault.GetProperty("quantity").GetInt32());
        await ProblemAssert.IsAsync(tooMany, HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task A_room_is_booked_whole()
    {
        var parties = await app.CreateMatchPartiesAsync();

        var response = await app.PostProposalAsync(parties.Requester.Owner.Client, parties.RequestId, parties.OfferId, b => b["quantity"] = 2);

        Assert.Contains("quantity", (await response.ValidationErrorsAsync()).Keys);
    }

    [Fact]
    public async Task Body_limits_are_validated()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var client = parties.Requester.Owner.Client;

        var longMessage = await app.PostProposalAsync(client, parties.RequestId, parties.OfferId, b => b["message"] = new string('x', 2001));
        var noOffer = await client.PostAsJsonAsync("/api/v1/matches", new { requestId = parties.RequestId });
        var unknownField = await app.PostProposalAsync(client, parties.RequestId, parties.OfferId, b => b["status"] = "accepted");

        Assert.Contains("message", (await longMessage.ValidationErrorsAsync()).Keys);
        Assert.Contains("offerId", (await noOffer.ValidationErrorsAsync()).Keys);
        Assert.Contains("status", (await unknownField.ValidationErrorsAsync()).Keys);
    }

    [Fact]
    public async Task Reasons_come_in_the_callers_language()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var german = app.CreateClient("de");
        german.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", parties.Requester.Owner.AccessToken);

        var response = await app.PostProposalAsync(german, parties.OfferId, parties.RequestId);

        Assert.Contains("Angebot", (await response.ValidationErrorsAsync())["requestId"][0]);
    }

    [Fact]
    public async Task Only_managers_of_one_of_the_two_associations_may_propose()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var member = await app.AddMemberAsync(parties.Requester.Owner, parties.Requester.AssociationId, "member");
        var coordinator = await app.AddMemberAsync(parties.Requester.Owner, parties.Requester.AssociationId, "coordinator");
        var stranger = await app.RegisterAsync();
        var listingsKey = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(parties.Requester.Owner, parties.Requester.AssociationId, "listings:write"));
        var matchesKey = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(parties.Requester.Owner, parties.Requester.AssociationId, "matches:write"));

        async Task<HttpStatusCode> As(HttpClient client) => (await app.PostProposalAsync(client, parties.RequestId, parties.OfferId)).StatusCode;

        Assert.Equal(HttpStatusCode.Forbidden, await As(member.Client));
        Assert.Equal(HttpStatusCode.Forbidden, await As(stranger.Client));
        Assert.Equal(HttpStatusCode.Forbidden, await As(listingsKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await As(app.CreateClient()));
        Assert.Equal(HttpStatusCode.Created, await As(coordinator.Client));
        Assert.Equal(HttpStatusCode.Created, await As(matchesKey));
    }

    [Fact]
    public async Task An_association_holds_a_limited_number_of_open_proposals()
    {
        var parties = await app.CreateMatchPartiesAsync();
        using var limited = app.WithSettings(("Matching:MaxOpenProposals", "2"));
        var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", parties.Requester.Owner.AccessToken);

        var first = await (await app.PostProposalAsync(client, parties.RequestId, parties.OfferId)).JsonAsync(HttpStatusCode.Created);
        await (await app.PostProposalAsync(client, parties.RequestId, parties.OfferId)).JsonAsync(HttpStatusCode.Created);
        var third = await app.PostProposalAsync(client, parties.RequestId, parties.OfferId);
        await ResourceShareApp.PostMoveAsync(client, first.Id(), "withdraw");
        var afterWithdrawing = await app.PostProposalAsync(client, parties.RequestId, parties.OfferId);

        var problem = await ProblemAssert.IsAsync(third, HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.Equal(2, problem.GetProperty("limit").GetInt32());
        Assert.Contains("2 open proposals", problem.Str("detail"));
        Assert.Equal(HttpStatusCode.Created, afterWithdrawing.StatusCode);
    }

    [Theory]
    [InlineData("Matching:MaxOpenProposals")]
    [InlineData("Matching:MaxFutureBookingsPerOffer")]
    [InlineData("Matching:CompletionIntervalSeconds")]
    public void A_setting_that_is_not_positive_is_refused(string setting)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(setting, "0")]).Build();
        using var services = new ServiceCollection().AddMatches(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MatchOptions>>().Value);

        Assert.Contains("Matching", error.Message);
    }

    [Fact]
    public async Task Concurrent_proposals_never_exceed_the_open_limit()
    {
        var parties = await app.CreateMatchPartiesAsync();
        using var limited = app.WithSettings(("Matching:MaxOpenProposals", "3"));

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var client = limited.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", parties.Requester.Owner.AccessToken);
            return (await app.PostProposalAsync(client, parties.RequestId, parties.OfferId)).StatusCode;
        }));

        Assert.Equal(3, answers.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(7, answers.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task The_other_side_is_told_of_a_proposal()
    {
        var parties = await app.CreateMatchPartiesAsync();

        var match = await app.ProposeAsync(parties);

        var (kind, data) = Assert.Single(await app.NotificationsOfAsync(parties.Provider.AssociationId));
        Assert.Equal("proposal_received", kind);
        Assert.Equal(match.GetProperty("requester").Str("name"), data.Str("counterpartName"));
        Assert.Equal(match.GetProperty("request").Str("title"), data.Str("requestTitle"));
        Assert.Empty(await app.NotificationsOfAsync(parties.Requester.AssociationId));
    }
}
