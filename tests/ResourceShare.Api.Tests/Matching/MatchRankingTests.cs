using System.Net;
using System.Text.Json.Nodes;
using ResourceShare.Api.Tests.Fixtures;
using static ResourceShare.Api.Tests.Matching.MatchingScenario;

namespace ResourceShare.Api.Tests.Matching;

/// <summary>GET /api/v1/listings/{id}/matches: ranking, explanations, near misses and who may ask.</summary>
public sealed class MatchRankingTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    [Fact]
    public async Task Offers_are_ranked_by_score_on_a_hand_built_scenario()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var request = await s.RequestAsync(change: All(Detail("attendees", 25), Place("maxDistanceKm", 10), Terms(new JsonObject { ["kind"] = "free", ["maxBudgetEur"] = 20 })));
        var hall = await s.OfferAsync(change: Detail("capacity", 300));
        var far = await s.OfferAsync(northKm: 8, change: Detail("capacity", 30));
        var paid = await s.OfferAsync(change: All(Detail("capacity", 30), Terms(new JsonObject { ["kind"] = "cost_sharing", ["costEur"] = 10 })));
        var best = await s.OfferAsync(change: Detail("capacity", 30));

        var answer = await s.MatchesAsync(request);

        Assert.Equal([best, paid, hall, far], Ids(answer));
        Assert.Equal([93, 86, 81, 77], answer.GetProperty("matches").EnumerateArray().Select(c => c.GetProperty("score").GetInt32()));
    }

    [Fact]
    public async Task Completed_bookings_and_good_ratings_rank_an_association_higher()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var request = await s.RequestAsync();
        var plain = await s.OfferAsync();
        var trustedOwner = await app.RegisterAsync();
        var trusted = await app.CreateVerifiedAssociationAsync(trustedOwner);
        var trustedOffer = await s.PublishAsync("offer", user: trustedOwner, associationId: trusted);
        await s.ExecuteAsync(
            """
            WITH m AS (
                INSERT INTO match (id, request_id, offer_id, requester_id, provider_id, proposed_by, status, starts_at, ends_at)
                VALUES (gen_random_uuid(), @request, @offer, @requester, @provider, @requester, 'completed', now() - interval '2 days', now() - interval '1 day')
                RETURNING id)
            INSERT INTO feedback (match_id, from_association_id, to_association_id, rating) SELECT id, @requester, @provider, 5 FROM m
            """,
            ("request", request), ("offer", trustedOffer), ("requester", s.RequesterId), ("provider", trusted));

        var answer = await s.MatchesAsync(request);

        Assert.Equal([trustedOffer, plain], Ids(answer));
        Assert.Equal("verified association, 1 completed booking, rated 5.0 on average (1 rating)", Reason(Candidate(answer, trustedOffer), "trust"));
    }

    [Fact]
    public async Task Explanations_follow_Accept_Language()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var request = await s.RequestAsync(change: All(Detail("attendees", 40), Place("maxDistanceKm", 10)));
        var offer = await s.OfferAsync(northKm: 3.2, change: Detail("capacity", 120));

        var german = Candidate(await s.MatchesAsync(request, language: "de-DE"), offer);
        var english = Candidate(await s.MatchesAsync(request, language: "en"), offer);

        Assert.Equal("3,2 km entfernt", Reason(german, "distance"));
        Assert.Equal("3.2 km away", Reason(english, "distance"));
        Assert.Equal("kostenlos", Reason(german, "cost"));
        Assert.Equal("free of charge", Reason(english, "cost"));
        Assert.Equal("Saal für 120 Personen bei 40 Teilnehmenden", Reason(german, "size"));
        Assert.Equal("Room for 120 people, 40 attending", Reason(english, "size"));
        Assert.Equal("heute veröffentlicht", Reason(german, "freshness"));
        Assert.Equal(
            ["distance", "time", "cost", "trust", "size", "freshness"],
            english.GetProperty("components").EnumerateArray().Select(c => c.Str("name")));
        Assert.Equal(1.0, english.GetProperty("components").EnumerateArray().Sum(c => c.GetProperty("weight").GetDouble()), 6);
    }

    [Fact]
    public async Task Near_misses_name_their_constraint_in_the_callers_language()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(9);
        var request = await s.RequestAsync(change: All(
            Detail("attendees", 40), Place("maxDistanceKm", 10), During((AtBerlin(date, 18), AtBerlin(date, 21))),
            Terms(new JsonObject { ["kind"] = "free", ["maxBudgetEur"] = 20 })));
        var late = await s.OfferAsync(change: During((AtBerlin(date, 19), AtBerlin(date, 23))));
        var small = await s.OfferAsync(change: All(Detail("capacity", 35), During((AtBerlin(date, 17), AtBerlin(date, 22)))));
        var distant = await s.OfferAsync(northKm: 14, change: All(Place("serviceRadiusKm", 5), During((AtBerlin(date, 17), AtBerlin(date, 22)))));
        var costly = await s.OfferAsync(change: All(
            Terms(new JsonObject { ["kind"] = "cost_sharing", ["costEur"] = 30 }), During((AtBerlin(date, 17), AtBerlin(date, 22)))));
        var fits = await s.OfferAsync(change: During((AtBerlin(date, 17), AtBerlin(date, 22))));

        var german = await s.MatchesAsync(request, language: "de");
        var english = await s.MatchesAsync(request, language: "en");

        Assert.Equal([fits], Ids(german));
        string Unmet(Guid id, string field, bool inGerman = true) =>
            Candidate(inGerman ? german : english, id, "nearMisses").GetProperty("unmet").Str(field);
        Assert.Equal(("time", "frei ab 19:00 statt 18:00", "free from 19:00 instead of 18:00"), (Unmet(late, "constraint"), Unmet(late, "reason"), Unmet(late, "reason", false)));
        Assert.Equal(("capacity", "Kapazität 35 < 40", "capacity 35 < 40"), (Unmet(small, "constraint"), Unmet(small, "reason"), Unmet(small, "reason", false)));
        Assert.Equal(("distance", "4 km außerhalb des Radius", "4 km outside the radius"), (Unmet(distant, "constraint"), Unmet(distant, "reason"), Unmet(distant, "reason", false)));
        Assert.Equal(("budget", "kostet 30 € bei Budget 20 €", "costs 30 € with a budget of 20 €"), (Unmet(costly, "constraint"), Unmet(costly, "reason"), Unmet(costly, "reason", false)));
    }

    [Fact]
    public async Task Near_misses_fill_up_to_the_limit_only()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var request = await s.RequestAsync(change: Detail("attendees", 40));
        var fits = await s.OfferAsync();
        var small = await s.OfferAsync(change: Detail("capacity", 35));
        var smaller = await s.OfferAsync(change: Detail("capacity", 30));

        var one = await s.MatchesAsync(request, limit: 1);
        var two = await s.MatchesAsync(request, limit: 2);
        var ten = await s.MatchesAsync(request);

        Assert.Equal([fits], Ids(one));
        Assert.Empty(Ids(one, "nearMisses"));
        Assert.Single(Ids(two, "nearMisses"));
        Assert.Equal(new[] { small, smaller }.Order(), Ids(ten, "nearMisses").Order());
    }

    [Fact]
    public async Task Matches_are_for_the_listings_association_and_moderators_only()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var request = await s.RequestAsync();
        var draft = (await app.CreateListingAsync(s.Requester, s.RequesterId, kind: "request")).Id();
        var member = await app.AddMemberAsync(s.Requester, s.RequesterId, "member");
        var readKey = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(s.Requester, s.RequesterId, "listings:read"));
        var matchesKey = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(s.Requester, s.RequesterId, "matches:write"));
        var moderator = await app.SignInWithRoleAsync("moderator");
        var stranger = await app.RegisterAsync();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(member.Client, request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(readKey, request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(moderator.Client, request)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(matchesKey, request)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(stranger.Client, request)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(s.Offerer.Client, request)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(stranger.Client, draft)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(stranger.Client, Guid.NewGuid())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(app.CreateClient(), request)).StatusCode);
    }

    [Fact]
    public async Task Listing_that_is_not_published_answers_409_naming_its_status()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var draft = (await app.CreateListingAsync(s.Requester, s.RequesterId, kind: "request")).Id();

        var response = await SendAsync(s.Requester.Client, draft);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "conflict");
        Assert.Equal("draft", problem.Str("currentStatus"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public async Task Limit_outside_1_to_50_is_a_validation_error(int limit)
    {
        var s = await MatchingScenario.CreateAsync(app);
        var request = await s.RequestAsync();

        await ProblemAssert.ValidationAsync(await SendAsync(s.Requester.Client, request, limit), "limit");
    }
}
