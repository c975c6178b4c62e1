using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matching;

namespace ResourceShare.Domain.Tests.Matching;

public class MatchScorerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static readonly MatchFacts Ideal = new(
        ListingCategory.Room, DistanceKm: 0, ReachKm: 10, BothRemote: false, WindowsServed: 1, WindowsTotal: 1, Recurring: false,
        OfferTerms: TermsKind.Free, OfferCostEur: null, ExchangeFor: null, BudgetEur: null,
        Trust: new TrustFacts(Verified: true, CompletedBookings: 5, AverageRating: 5, RatingCount: 3),
        OfferedSize: 40, NeededSize: 30, PublishedAt: Now, Now: Now);

    private static double Value(MatchScore score, MatchComponent component) => score.Components.Single(c => c.Component == component).Value;

    private static LocalText Reason(MatchFacts facts, MatchComponent component) =>
        MatchScorer.Score(facts).Components.Single(c => c.Component == component).Reason;

    [Fact]
    public void Weights_cover_every_component_once_and_add_up_to_one()
    {
        Assert.Equal(Enum.GetValues<MatchComponent>(), MatchWeights.Table.Select(w => w.Component).Order());
        Assert.Equal(1.0, MatchWeights.Table.Sum(w => w.Weight), 9);
    }

    [Fact]
    public void Ideal_candidate_scores_100()
    {
        var score = MatchScorer.Score(Ideal);

        Assert.Equal(100, score.Score);
        Assert.All(score.Components, c => Assert.Equal(1, c.Value));
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(5, 0.6)]
    [InlineData(10, 0.2)]
    [InlineData(20, 0.0)]
    public void Distance_falls_from_1_at_the_same_place_to_0_2_at_the_edge_of_the_reach(double km, double expected)
    {
        Assert.Equal(expected, Value(MatchScorer.Score(Ideal with { DistanceKm = km }), MatchComponent.Distance), 3);
    }

    [Fact]
    public void Remote_on_both_sides_is_full_distance_value()
    {
        Assert.Equal(1, Value(MatchScorer.Score(Ideal with { DistanceKm = 400, BothRemote = true }), MatchComponent.Distance));
    }

    [Theory]
    [InlineData(true, 3, 4, 0.75)]
    [InlineData(true, 1, 10, 0.1)]
    [InlineData(false, 1, 3, 1.0)]
    public void Time_is_the_share_of_occurrences_for_a_recurring_request_and_full_for_one_alternative(bool recurring, int served, int total, double expected)
    {
        Assert.Equal(expected, Value(MatchScorer.Score(Ideal with { Recurring = recurring, WindowsServed = served, WindowsTotal = total }), MatchComponent.Time), 3);
    }

    [Theory]
    [InlineData(TermsKind.Free, null, null, 1.0)]
    [InlineData(TermsKind.Exchange, null, null, 0.6)]
    [InlineData(TermsKind.CostSharing, 0.0, null, 1.0)]
    [InlineData(TermsKind.CostSharing, 10.0, 20.0, 0.5)]
    [InlineData(TermsKind.CostSharing, 20.0, 20.0, 0.2)]
    [InlineData(TermsKind.CostSharing, 30.0, 20.0, 0.0)]
    [InlineData(TermsKind.CostSharing, 5.0, null, 0.0)]
    public void Cost_prefers_free_then_exchange_then_a_small_share_of_the_budget(TermsKind terms, double? cost, double? budget, double expected)
    {
        var facts = Ideal with { OfferTerms = terms, OfferCostEur = (decimal?)cost, BudgetEur = (decimal?)budget, ExchangeFor = "Hilfe" };

        Assert.Equal(expected, Value(MatchScorer.Score(facts), MatchComponent.Cost), 3);
    }

    [Theory]
    [InlineData(false, 0, null, 0.15)]
    [InlineData(true, 0, null, 0.55)]
    [InlineData(true, 5, 5.0, 1.0)]
    [InlineData(true, 10, 1.0, 0.7)]
    public void Trust_adds_verification_completed_bookings_and_ratings(bool verified, int bookings, double? rating, double expected)
    {
        var facts = Ideal with { Trust = new TrustFacts(verified, bookings, rating, rating is null ? 0 : 2) };

        Assert.Equal(expected, Value(MatchScorer.Score(facts), MatchComponent.Trust), 3);
    }

    [Theory]
    [InlineData(ListingCategory.Room, 300, 10, 0.067)]
    [InlineData(ListingCategory.Room, 120, 40, 0.667)]
    [InlineData(ListingCategory.Room, 50, 40, 1.0)]
    [InlineData(ListingCategory.Vehicle, 9, 2, 0.444)]
    [InlineData(ListingCategory.Equipment, 100, 1, 1.0)]
    [InlineData(ListingCategory.Room, 35, 40, 0.0)]
    public void Size_fit_ranks_a_hall_far_too_large_lower(ListingCategory category, int offered, int needed, double expected)
    {
        Assert.Equal(expected, Value(MatchScorer.Score(Ideal with { Category = category, OfferedSize = offered, NeededSize = needed }), MatchComponent.Size), 3);
    }

    [Fact]
    public void Categories_without_size_get_full_size_fit()
    {
        Assert.Equal(1, Value(MatchScorer.Score(Ideal with { Category = ListingCategory.Expertise, OfferedSize = null, NeededSize = null }), MatchComponent.Size));
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(30, 0.5)]
    [InlineData(90, 0.0)]
    public void Freshness_falls_over_60_days(int days, double expected)
    {
        Assert.Equal(expected, Value(MatchScorer.Score(Ideal with { PublishedAt = Now.AddDays(-days) }), MatchComponent.Freshness), 3);
    }

    [Fact]
    public void Hand_built_candidates_rank_in_the_expected_order()
    {
        var candidates = new Dictionary<string, MatchFacts>
        {
            ["near, free, right size"] = Ideal with { DistanceKm = 1 },
            ["near, free, hall for 300"] = Ideal with { DistanceKm = 1, OfferedSize = 300 },
            ["at the edge of the reach"] = Ideal with { DistanceKm = 10 },
            ["costs most of the budget"] = Ideal with { DistanceKm = 1, OfferTerms = TermsKind.CostSharing, OfferCostEur = 18, BudgetEur = 20 },
            ["unverified newcomer"] = Ideal with { DistanceKm = 1, Trust = new TrustFacts(false, 0, null, 0) },
            ["half of the occurrences, stale"] = Ideal with { Recurring = true, WindowsServed = 2, WindowsTotal = 4, PublishedAt = Now.AddDays(-42) },
        };

        var ranked = candidates.OrderByDescending(c => MatchScorer.Score(c.Value).Score).Select(c => c.Key);

        Assert.Equal(
            ["near, free, right size", "costs most of the budget", "near, free, hall for 300", "unverified newcomer", "half of the occurrences, stale", "at the edge of the reach"],
            ranked);
    }

    [Fact]
    public void Reasons_come_in_English_and_German_with_their_number_formats()
    {
        var facts = Ideal with { DistanceKm = 3.2, OfferedSize = 120, NeededSize = 40, PublishedAt = Now.AddDays(-3) };

        Assert.Equal(new LocalText("3.2 km away", "3,2 km entfernt"), Reason(facts, MatchComponent.Distance));
        Assert.Equal(new LocalText("Room for 120 people, 40 attending", "Saal für 120 Personen bei 40 Teilnehmenden"), Reason(facts, MatchComponent.Size));
        Assert.Equal(new LocalText("free of charge", "kostenlos"), Reason(facts, MatchComponent.Cost));
        Assert.Equal(new LocalText("published 3 days ago", "vor 3 Tagen veröffentlicht"), Reason(facts, MatchComponent.Freshness));
        Assert.Equal(
            new LocalText("cost share 12.5 € within a budget of 20 €", "Kostenbeteiligung 12,5 € bei Budget 20 €"),
            Reason(facts with { OfferTerms = TermsKind.CostSharing, OfferCostEur = 12.5m, BudgetEur = 20 }, MatchComponent.Cost));
        Assert.Equal(
            new LocalText("verified association, 5 completed bookings, rated 4.5 on average (2 ratings)", "verifizierter Verein, 5 abgeschlossene Buchungen, Bewertung Ø 4,5 (2 Bewertungen)"),
            Reason(facts with { Trust = new TrustFacts(true, 5, 4.5, 2) }, MatchComponent.Trust));
        Assert.Equal(new LocalText("3 of 10 occurrences", "3 von 10 Terminen"), Reason(facts with { Recurring = true, WindowsServed = 3, WindowsTotal = 10 }, MatchComponent.Time));
    }
}
