using System.Net.Http.Json;
using ResourceShare.Api.Tests.Fixtures;
using static ResourceShare.Api.Tests.Matching.MatchingScenario;

namespace ResourceShare.Api.Tests.Matching;

/// <summary>
/// Matches come from candidates computed when listings change: every change shows in the next answer, whether it
/// came through the API or not, and the booking check on the best candidates alone gives the full answer.
/// </summary>
public sealed class MatchCandidateTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    [Fact]
    public async Task Changing_a_published_offer_shows_in_the_next_answer()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var offer = await s.OfferAsync(change: Detail("capacity", 30));
        var request = await s.RequestAsync(change: Detail("attendees", 40));
        Assert.Equal("capacity", Candidate(await s.MatchesAsync(request), offer, "nearMisses").GetProperty("unmet").Str("constraint"));

        (await s.Offerer.Client.PatchAsJsonAsync($"/api/v1/listings/{offer}", new { details = new { capacity = 50, areaM2 = 80, features = new[] { "kitchen", "wifi" } } })).EnsureSuccessStatusCode();
        Assert.Equal([offer], Ids(await s.MatchesAsync(request)));

        (await s.Offerer.Client.PatchAsJsonAsync($"/api/v1/listings/{offer}", new { details = new { capacity = 35, areaM2 = 80, features = new[] { "kitchen", "wifi" } } })).EnsureSuccessStatusCode();
        var answer = await s.MatchesAsync(request);
        Assert.Empty(Ids(answer));
        Assert.Equal([offer], Ids(answer, "nearMisses"));
    }

    [Fact]
    public async Task Paused_offer_leaves_the_matches_and_returns_when_resumed()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var offer = await s.OfferAsync();
        var request = await s.RequestAsync();

        (await s.Offerer.Client.PostAsync($"/api/v1/listings/{offer}/pause", null)).EnsureSuccessStatusCode();
        var paused = await s.MatchesAsync(request);
        Assert.Empty(Ids(paused));
        Assert.Empty(Ids(paused, "nearMisses"));

        (await s.Offerer.Client.PostAsync($"/api/v1/listings/{offer}/resume", null)).EnsureSuccessStatusCode();
        Assert.Equal([offer], Ids(await s.MatchesAsync(request)));
    }

    [Fact]
    public async Task Listing_changed_without_the_API_is_matched_as_it_is_now()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var offer = await s.OfferAsync(change: Detail("capacity", 30));
        var request = await s.RequestAsync(change: Detail("attendees", 40));
        var viaApi = await s.MatchesAsync(request);

        // As a bulk load or an operator would: SQL only, with no refresh by the API.
        await s.ExecuteAsync("UPDATE listing SET details = jsonb_set(details, '{capacity}', '60') WHERE id = @id", ("id", offer));
        var widened = await s.MatchesAsync(request);

        Assert.Equal([offer], Ids(viaApi, "nearMisses"));
        Assert.Equal([offer], Ids(widened));
        Assert.Equal("Room for 60 people, 40 attending", Reason(Candidate(widened, offer), "size"));

        await s.ExecuteAsync("UPDATE listing SET details = jsonb_set(details, '{capacity}', '30') WHERE id = @id", ("id", offer));
        var answer = await s.MatchesAsync(request);
        Assert.Equal(viaApi.GetProperty("nearMisses").ToString(), answer.GetProperty("nearMisses").ToString());
    }

    [Fact]
    public async Task A_booked_best_offer_gives_way_to_the_next_and_becomes_a_near_miss()
    {
        var s = await MatchingScenario.CreateAsync(app);
        // Every listing here has the default window; the booking takes all of it from the best offer.
        var request = await s.RequestAsync(change: Detail("attendees", 25));
        var best = await s.OfferAsync(change: Detail("capacity", 30));
        var second = await s.OfferAsync(northKm: 2, change: Detail("capacity", 30));
        var third = await s.OfferAsync(northKm: 4, change: Detail("capacity", 30));
        Assert.Equal([best, second, third], Ids(await s.MatchesAsync(request)));

        await s.BookAsync(best, request, Day(7, 16), Day(7, 19));

        var one = await s.MatchesAsync(request, limit: 1);
        Assert.Equal([second], Ids(one));
        Assert.Empty(Ids(one, "nearMisses"));
        var all = await s.MatchesAsync(request);
        Assert.Equal([second, third], Ids(all));
        Assert.Equal("booking", Candidate(all, best, "nearMisses").GetProperty("unmet").Str("constraint"));
    }

    [Fact]
    public async Task A_window_that_has_passed_is_no_longer_served()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var request = await s.RequestAsync(change: During((Day(3, 10), Day(3, 12)), (Day(9, 10), Day(9, 12))));
        var offer = await s.OfferAsync(change: During((Day(1, 8), Day(10, 20))));
        Assert.Equal(2, Candidate(await s.MatchesAsync(request), offer).GetProperty("windows").GetArrayLength());

        // Time passes for the first window only: it moves into the past, as the clock would move it.
        await s.ExecuteAsync(
            """
            ALTER TABLE listing_window DISABLE TRIGGER USER;
            UPDATE listing_window SET during = tstzrange(now() - interval '2 hours', now() - interval '1 hour', '[)')
             WHERE listing_id = @id AND slot = 0;
            ALTER TABLE listing_window ENABLE TRIGGER USER;
            """,
            ("id", request));

        var windows = Candidate(await s.MatchesAsync(request), offer).GetProperty("windows");
        Assert.Equal(Day(9, 10), windows[0].GetProperty("start").GetDateTimeOffset());
        Assert.Equal(1, windows.GetArrayLength());
    }
}
