using Dapper;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Domain.Matching;
using static ResourceShare.Api.Tests.Matching.MatchingScenario;

namespace ResourceShare.Api.Tests.Matching;

/// <summary>
/// A listing with more candidates than it keeps keeps its best: every pair either side keeps, the nearest first
/// when the listings differ only in place, and again its best once so many have left that it holds too few.
/// </summary>
public sealed class MatchCandidateBoundTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private const int Each = CandidateBound.Kept + 30;

    // 20 m apart: the farthest pair is 4.6 km apart, within the default reach of 10 km.
    private const double StepKm = 0.02;

    [Fact]
    public async Task A_listing_keeps_its_nearest_candidates_and_every_pair_its_counterpart_keeps()
    {
        var (s, requests, offers) = await CrowdAsync();
        await s.MatchesAsync(requests[0]);
        var pairs = await PairsAsync(requests);

        // Each listing keeps its best, which here are its nearest: of the listings it keeps, none is farther than
        // one it does not keep, and it keeps at least 200.
        foreach (var (index, request) in requests.Index())
        {
            var mine = pairs.Where(p => p.Request == request && p.ForRequest).Select(p => offers.IndexOf(p.Offer)).ToHashSet();
            AssertNearest(index, mine);
        }

        foreach (var (index, offer) in offers.Index())
        {
            var mine = pairs.Where(p => p.Offer == offer && p.ForOffer).Select(p => requests.IndexOf(p.Request)).ToHashSet();
            AssertNearest(index, mine);
        }

        // Stored are the pairs either side keeps, no others: the farthest offer keeps the request at the other end
        // of the row as little as the request keeps it.
        Assert.All(pairs, p => Assert.True(p.ForRequest || p.ForOffer));
        Assert.DoesNotContain(pairs, p => p.Request == requests[0] && p.Offer == offers[^1]);
        Assert.Equal(offers.Take(10), Ids(await s.MatchesAsync(requests[0], limit: 10)));
    }

    private static void AssertNearest(int index, IReadOnlySet<int> kept)
    {
        var others = Enumerable.Range(0, Each).Except(kept).ToList();
        Assert.InRange(kept.Count, CandidateBound.Kept, Each - 1);
        Assert.True(kept.Max(j => Math.Abs(j - index)) < others.Min(j => Math.Abs(j - index)), $"listing {index} keeps {kept.Count}");
    }

    [Fact]
    public async Task A_listing_that_lost_most_of_its_kept_candidates_gets_the_others_at_the_next_answer()
    {
        var (s, requests, offers) = await CrowdAsync();
        await s.MatchesAsync(requests[0]);
        Assert.DoesNotContain(await PairsAsync(requests), p => p.Request == requests[0] && p.Offer == offers[^1]);

        // The nearest offers leave (paused without the API): the request holds fewer than it refills below.
        var leaving = offers.Take(CandidateBound.Kept - CandidateBound.RefillBelow + 50).ToArray();
        await s.ExecuteAsync("UPDATE listing SET status = 'paused' WHERE id = ANY(@ids)", ("ids", leaving));
        Assert.InRange((await PairsAsync(requests)).Count(p => p.Request == requests[0] && p.ForRequest), 1, CandidateBound.RefillBelow - 1);

        var answer = await s.MatchesAsync(requests[0], limit: 50);

        var remaining = offers.Skip(leaving.Length).ToList();
        Assert.Equal(remaining.Take(50), Ids(answer));
        var first = (await PairsAsync(requests)).Where(p => p.Request == requests[0] && p.ForRequest).Select(p => p.Offer).ToHashSet();
        Assert.Equal(remaining.ToHashSet(), first);
    }

    /// <summary>
    /// A row of requests and a row of offers, each listing 20 m north of the one before, the same in everything
    /// else: every request matches every offer, each listing has more candidates than it keeps, and the score
    /// falls with distance alone. Cloned from one request and one offer by SQL, as a bulk load writes them.
    /// </summary>
    private async Task<(MatchingScenario Scenario, List<Guid> Requests, List<Guid> Offers)> CrowdAsync()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var request = await s.RequestAsync();
        var offer = await s.OfferAsync();
        var requests = await CloneAsync(request);
        var offers = await CloneAsync(offer);
        return (s, requests, offers);
    }

    private async Task<List<Guid>> CloneAsync(Guid original)
    {
        const string columns = """
            association_id, kind, category, title, description, content_language, details, postal_code, city, street_address,
            service_radius_km, max_distance_km, remote_ok, schedule, recurring, terms, cost_eur, exchange_for, max_budget_eur,
            valid_until, status, close_reason, created_at, updated_at, published_at, version
            """;
        const string sql = $"""
            WITH copies AS (
                INSERT INTO listing (id, latitude, longitude, {columns})
                SELECT gen_random_uuid(), l.latitude + g * @StepKm / 111.045, l.longitude, {columns}
                  FROM listing l, generate_series(1, @Count) g
                 WHERE l.id = @Id
                RETURNING id, latitude),
            windows AS (
                INSERT INTO listing_window (listing_id, slot, during)
                SELECT c.id, w.slot, w.during FROM copies c JOIN listing_window w ON w.listing_id = @Id)
            SELECT id FROM copies ORDER BY latitude
            """;
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        var copies = await conn.QueryAsync<Guid>(sql, new { Id = original, StepKm, Count = Each - 1 });
        return [original, .. copies];
    }

    private async Task<List<(Guid Request, Guid Offer, bool ForRequest, bool ForOffer)>> PairsAsync(IReadOnlyList<Guid> requests)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        return (await conn.QueryAsync<(Guid, Guid, bool, bool)>(
            "SELECT request_id, offer_id, for_request, for_offer FROM match_candidate WHERE request_id = ANY(@Requests)",
            new { Requests = requests.ToArray() })).AsList();
    }
}
