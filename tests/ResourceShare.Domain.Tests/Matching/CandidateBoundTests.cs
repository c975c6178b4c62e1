using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matching;

namespace ResourceShare.Domain.Tests.Matching;

public class CandidateBoundTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static readonly MatchFacts Facts = new(
        ListingCategory.Room, DistanceKm: 2, ReachKm: 10, BothRemote: false, WindowsServed: 1, WindowsTotal: 1, Recurring: false,
        OfferTerms: TermsKind.Free, OfferCostEur: null, ExchangeFor: null, BudgetEur: null,
        Trust: new TrustFacts(Verified: false, CompletedBookings: 0, AverageRating: null, RatingCount: 0),
        OfferedSize: 40, NeededSize: 30, PublishedAt: Now.AddDays(-30), Now: Now);

    [Fact]
    public void A_listing_without_a_floor_keeps_every_pair_and_one_with_a_floor_those_reaching_it()
    {
        Assert.True(CandidateBound.Keeps(null, 0));
        Assert.True(CandidateBound.Keeps(40, 40));
        Assert.False(CandidateBound.Keeps(40, 39));
    }

    [Fact]
    public void Listing_points_leave_out_trust_and_freshness()
    {
        var trusted = Facts with { Trust = new TrustFacts(true, 5, 5, 3), PublishedAt = Now };

        Assert.Equal(MatchScorer.ListingPoints(Facts), MatchScorer.ListingPoints(trusted));
        Assert.True(MatchScorer.Score(trusted).Score > MatchScorer.Score(Facts).Score);
        // distance 0.84 × 0.25, time, cost and size 1 × (0.20 + 0.15 + 0.15)
        Assert.Equal(71, MatchScorer.ListingPoints(Facts));
    }

    [Fact]
    public void Listing_points_fall_with_distance()
    {
        Assert.True(MatchScorer.ListingPoints(Facts with { DistanceKm = 1 }) > MatchScorer.ListingPoints(Facts with { DistanceKm = 6 }));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(3, 10)]
    [InlineData(9.99, 10)]
    [InlineData(4, 45)]
    public void No_pair_farther_apart_scores_more_than_the_bound(double km, double reach)
    {
        var best = Facts with { ReachKm = reach, OfferedSize = 30 };

        var bound = MatchScorer.ListingPointsAtMost(km, reach);

        Assert.InRange(MatchScorer.ListingPoints(best with { DistanceKm = km }), bound - 2, bound);
        Assert.True(MatchScorer.ListingPoints(best with { DistanceKm = km + 1 }) <= bound);
        Assert.True(MatchScorer.ListingPointsAtMost(km + 5, reach) < bound);
    }
}
