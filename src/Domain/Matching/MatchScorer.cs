using ResourceShare.Domain.Listings;

namespace ResourceShare.Domain.Matching;

/// <summary>One component of a score: its value (0–1), its weight, and why it has that value.</summary>
public sealed record ScoredComponent(MatchComponent Component, double Value, double Weight, LocalText Reason);

public sealed record MatchScore(int Score, IReadOnlyList<ScoredComponent> Components);

/// <summary>The score of a request–offer pair (SPEC §1 "Matching"): a pure function of its facts.</summary>
public static class MatchScorer
{
    private const double DistanceAtReach = 0.2;
    private const double ExchangeValue = 0.6;
    private const int TrustedBookings = 5;
    private const double FreshDays = 60;

    public static MatchScore Score(MatchFacts facts)
    {
        var components = MatchWeights.Table
            .Select(w => new ScoredComponent(w.Component, Value(w.Component, facts), w.Weight, Reason(w.Component, facts)))
            .ToList();
        return new MatchScore(Total(components.Select(c => (c.Value, c.Weight))), components);
    }

    /// <summary>The score alone, without the reasons (which cost more to write than the score to compute): for ranking.</summary>
    public static int Points(MatchFacts facts) => Total(MatchWeights.Table.Select(w => (Value(w.Component, facts), w.Weight)));

    /// <summary>
    /// The part of the score that depends on the two listings alone: distance, time (before bookings), cost and
    /// size, without trust and freshness, which change while the listings stay as they are. A listing with more
    /// candidates than <see cref="CandidateBound.Kept"/> keeps its best by these points.
    /// </summary>
    public static int ListingPoints(MatchFacts facts) =>
        (int)Math.Round(100 * ListingSum(component => Value(component, facts)), MidpointRounding.AwayFromZero);

    /// <summary>
    /// The most <see cref="ListingPoints"/> a pair at least <paramref name="distanceKm"/> apart can have when neither
    /// side reaches farther than <paramref name="reachKm"/>: every other component at its best.
    /// </summary>
    public static int ListingPointsAtMost(double distanceKm, double reachKm)
    {
        var distance = Math.Max(0, DistanceValue(distanceKm, reachKm));
        // Values are rounded to three places before they are weighed: one point covers it.
        return (int)Math.Ceiling(100 * ListingSum(component => component == MatchComponent.Distance ? distance : 1)) + 1;
    }

    /// <summary>The weighted sum of the components that depend on the listings alone (not trust, not freshness).</summary>
    private static double ListingSum(Func<MatchComponent, double> value)
    {
        var sum = 0.0;
        foreach (var weight in MatchWeights.Table)
        {
            if (weight.Component is not (MatchComponent.Trust or MatchComponent.Freshness))
            {
                sum += value(weight.Component) * weight.Weight;
            }
        }

        return sum;
    }

    private static int Total(IEnumerable<(double Value, double Weight)> components) =>
        (int)Math.Round(100 * components.Sum(c => c.Value * c.Weight), MidpointRounding.AwayFromZero);

    private static double Value(MatchComponent component, MatchFacts facts) => Math.Round(Math.Clamp(component switch
    {
        MatchComponent.Distance => Distance(facts),
        MatchComponent.Time => Time(facts),
        MatchComponent.Cost => Cost(facts),
        MatchComponent.Trust => Trust(facts.Trust),
        MatchComponent.Size => Size(facts),
        MatchComponent.Freshness => 1 - FreshDaysAgo(facts) / FreshDays,
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, "not a score component"),
    }, 0, 1), 3);

    private static LocalText Reason(MatchComponent component, MatchFacts facts) => component switch
    {
        MatchComponent.Distance => facts.BothRemote
            ? new LocalText("remote on both sides", "beidseitig aus der Ferne möglich")
            : LocalText.Of("{0:0.0} km away", "{0:0.0} km entfernt", facts.DistanceKm),
        MatchComponent.Time => facts.Recurring
            ? LocalText.Of("{0} of {1} occurrences", "{0} von {1} Terminen", facts.WindowsServed, facts.WindowsTotal)
            : facts.WindowsServed > 0
                ? new LocalText("free at the requested time", "zur gewünschten Zeit frei")
                : new LocalText("not free at the requested time", "zur gewünschten Zeit nicht frei"),
        MatchComponent.Cost => CostReason(facts),
        MatchComponent.Trust => TrustReason(facts.Trust),
        MatchComponent.Size => SizeReason(facts),
        MatchComponent.Freshness => FreshDaysAgo(facts) switch
        {
            0 => new LocalText("published today", "heute veröffentlicht"),
            1 => new LocalText("published yesterday", "gestern veröffentlicht"),
            var days => LocalText.Of("published {0} days ago", "vor {0} Tagen veröffentlicht", days),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, "not a score component"),
    };

    private static double Distance(MatchFacts facts) => facts.BothRemote ? 1 : DistanceValue(facts.DistanceKm, facts.ReachKm);

    private static double DistanceValue(double km, double reachKm) =>
        reachKm > 0 ? 1 - (1 - DistanceAtReach) * km / reachKm : km <= 0 ? 1 : 0;

    private static double Time(MatchFacts facts) =>
        facts.Recurring ? (facts.WindowsTotal == 0 ? 0 : (double)facts.WindowsServed / facts.WindowsTotal)
        : facts.WindowsServed > 0 ? 1 : 0;

    private static double Cost(MatchFacts facts)
    {
        var cost = facts.OfferCostEur ?? 0;
        return facts.OfferTerms switch
        {
            TermsKind.Exchange => ExchangeValue,
            TermsKind.Free => 1,
            TermsKind.CostSharing when cost == 0 => 1,
            _ => facts.BudgetEur is > 0 and var budget && cost <= budget ? 0.8 - 0.6 * (double)(cost / budget) : 0,
        };
    }

    private static LocalText CostReason(MatchFacts facts)
    {
        var cost = facts.OfferCostEur ?? 0;
        return facts.OfferTerms switch
        {
            TermsKind.Exchange => LocalText.Of("in exchange for: {0}", "im Tausch gegen: {0}", facts.ExchangeFor),
            TermsKind.Free => new LocalText("free of charge", "kostenlos"),
            TermsKind.CostSharing when cost == 0 => new LocalText("free of charge", "kostenlos"),
            _ => facts.BudgetEur is > 0
                ? LocalText.Of("cost share {0:0.##} € within a budget of {1:0.##} €", "Kostenbeteiligung {0:0.##} € bei Budget {1:0.##} €", cost, facts.BudgetEur)
                : LocalText.Of("cost share {0:0.##} €", "Kostenbeteiligung {0:0.##} €", cost),
        };
    }

    private static double Trust(TrustFacts trust)
    {
        var rating = trust.AverageRating is { } average ? (average - 1) / 4 : 0.5;
        return (trust.Verified ? 0.4 : 0) + 0.3 * Math.Min(trust.CompletedBookings, TrustedBookings) / TrustedBookings + 0.3 * rating;
    }

    private static LocalText TrustReason(TrustFacts trust)
    {
        var verified = trust.Verified ? new LocalText("verified association", "verifizierter Verein") : new LocalText("unverified association", "nicht verifizierter Verein");
        var bookings = trust.CompletedBookings == 1
            ? new LocalText("1 completed booking", "1 abgeschlossene Buchung")
            : LocalText.Of("{0} completed bookings", "{0} abgeschlossene Buchungen", trust.CompletedBookings);
        var ratings = trust.AverageRating is { } avg
            ? trust.RatingCount == 1
                ? LocalText.Of("rated {0:0.0} on average (1 rating)", "Bewertung Ø {0:0.0} (1 Bewertung)", avg)
                : LocalText.Of("rated {0:0.0} on average ({1} ratings)", "Bewertung Ø {0:0.0} ({1} Bewertungen)", avg, trust.RatingCount)
            : new LocalText("no ratings yet", "noch keine Bewertungen");
        return new LocalText($"{verified.En}, {bookings.En}, {ratings.En}", $"{verified.De}, {bookings.De}, {ratings.De}");
    }

    private static double Size(MatchFacts facts) =>
        facts.OfferedSize is not { } offered || facts.NeededSize is not { } needed ? 1
        : offered < needed ? 0
        // A quantity resource lends only the units needed, so only rooms and vehicles can be too large.
        : facts.Category is ListingCategory.Room or ListingCategory.Vehicle && offered > 0 ? Math.Min(1, 2.0 * needed / offered)
        : 1;

    private static LocalText SizeReason(MatchFacts facts) =>
        facts.OfferedSize is not { } offered || facts.NeededSize is not { } needed
            ? new LocalText("no size to compare", "keine Größe zu vergleichen")
            : facts.Category switch
            {
                ListingCategory.Room => LocalText.Of("Room for {0} people, {1} attending", "Saal für {0} Personen bei {1} Teilnehmenden", offered, needed),
                ListingCategory.Vehicle => LocalText.Of("{0} seats, {1} needed", "{0} Sitze, {1} benötigt", offered, needed),
                _ => LocalText.Of("{0} units, {1} needed", "{0} Stück, {1} benötigt", offered, needed),
            };

    private static int FreshDaysAgo(MatchFacts facts) => Math.Max(0, (int)(facts.Now - facts.PublishedAt).TotalDays);
}
