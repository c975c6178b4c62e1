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

    public static MatchScore Score(MatchFacts f)
    {
        var components = MatchWeights.Table
            .Select(w => new ScoredComponent(w.Component, Value(w.Component, f), w.Weight, Reason(w.Component, f)))
            .ToList();
        return new MatchScore(Total(components.Select(c => (c.Value, c.Weight))), components);
    }

    /// <summary>The score alone, without the reasons (which cost more to write than the score to compute): for ranking.</summary>
    public static int Points(MatchFacts f) => Total(MatchWeights.Table.Select(w => (Value(w.Component, f), w.Weight)));

    private static int Total(IEnumerable<(double Value, double Weight)> components) =>
        (int)Math.Round(100 * components.Sum(c => c.Value * c.Weight), MidpointRounding.AwayFromZero);

    private static double Value(MatchComponent component, MatchFacts f) => Math.Round(Math.Clamp(component switch
    {
        MatchComponent.Distance => Distance(f),
        MatchComponent.Time => Time(f),
        MatchComponent.Cost => Cost(f),
        MatchComponent.Trust => Trust(f.Trust),
        MatchComponent.Size => Size(f),
        MatchComponent.Freshness => 1 - FreshDaysAgo(f) / FreshDays,
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, "not a score component"),
    }, 0, 1), 3);

    private static LocalText Reason(MatchComponent component, MatchFacts f) => component switch
    {
        MatchComponent.Distance => f.BothRemote
            ? new LocalText("remote on both sides", "beidseitig aus der Ferne möglich")
            : LocalText.Of("{0:0.0} km away", "{0:0.0} km entfernt", f.DistanceKm),
        MatchComponent.Time => f.Recurring
            ? LocalText.Of("{0} of {1} occurrences", "{0} von {1} Terminen", f.WindowsServed, f.WindowsTotal)
            : f.WindowsServed > 0
                ? new LocalText("free at the requested time", "zur gewünschten Zeit frei")
                : new LocalText("not free at the requested time", "zur gewünschten Zeit nicht frei"),
        MatchComponent.Cost => CostReason(f),
        MatchComponent.Trust => TrustReason(f.Trust),
        MatchComponent.Size => SizeReason(f),
        MatchComponent.Freshness => FreshDaysAgo(f) switch
        {
            0 => new LocalText("published today", "heute veröffentlicht"),
            1 => new LocalText("published yesterday", "gestern veröffentlicht"),
            var days => LocalText.Of("published {0} days ago", "vor {0} Tagen veröffentlicht", days),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, "not a score component"),
    };

    private static double Distance(MatchFacts f) =>
        f.BothRemote ? 1
        : f.ReachKm > 0 ? 1 - (1 - DistanceAtReach) * f.DistanceKm / f.ReachKm
        : f.DistanceKm <= 0 ? 1 : 0;

    private static double Time(MatchFacts f) =>
        f.Recurring ? (f.WindowsTotal == 0 ? 0 : (double)f.WindowsServed / f.WindowsTotal)
        : f.WindowsServed > 0 ? 1 : 0;

    private static double Cost(MatchFacts f)
    {
        var cost = f.OfferCostEur ?? 0;
        return f.OfferTerms switch
        {
            TermsKind.Exchange => ExchangeValue,
            TermsKind.Free => 1,
            TermsKind.CostSharing when cost == 0 => 1,
            _ => f.BudgetEur is > 0 and var budget && cost <= budget ? 0.8 - 0.6 * (double)(cost / budget) : 0,
        };
    }

    private static LocalText CostReason(MatchFacts f)
    {
        var cost = f.OfferCostEur ?? 0;
        return f.OfferTerms switch
        {
            TermsKind.Exchange => LocalText.Of("in exchange for: {0}", "im Tausch gegen: {0}", f.ExchangeFor),
            TermsKind.Free => new LocalText("free of charge", "kostenlos"),
            TermsKind.CostSharing when cost == 0 => new LocalText("free of charge", "kostenlos"),
            _ => f.BudgetEur is > 0
                ? LocalText.Of("cost share {0:0.##} € within a budget of {1:0.##} €", "Kostenbeteiligung {0:0.##} € bei Budget {1:0.##} €", cost, f.BudgetEur)
                : LocalText.Of("cost share {0:0.##} €", "Kostenbeteiligung {0:0.##} €", cost),
        };
    }

    private static double Trust(TrustFacts t)
    {
        var rating = t.AverageRating is { } average ? (average - 1) / 4 : 0.5;
        return (t.Verified ? 0.4 : 0) + 0.3 * Math.Min(t.CompletedBookings, TrustedBookings) / TrustedBookings + 0.3 * rating;
    }

    private static LocalText TrustReason(TrustFacts t)
    {
        var verified = t.Verified ? new LocalText("verified association", "verifizierter Verein") : new LocalText("unverified association", "nicht verifizierter Verein");
        var bookings = t.CompletedBookings == 1
            ? new LocalText("1 completed booking", "1 abgeschlossene Buchung")
            : LocalText.Of("{0} completed bookings", "{0} abgeschlossene Buchungen", t.CompletedBookings);
        var ratings = t.AverageRating is { } avg
            ? t.RatingCount == 1
                ? LocalText.Of("rated {0:0.0} on average (1 rating)", "Bewertung Ø {0:0.0} (1 Bewertung)", avg)
                : LocalText.Of("rated {0:0.0} on average ({1} ratings)", "Bewertung Ø {0:0.0} ({1} Bewertungen)", avg, t.RatingCount)
            : new LocalText("no ratings yet", "noch keine Bewertungen");
        return new LocalText($"{verified.En}, {bookings.En}, {ratings.En}", $"{verified.De}, {bookings.De}, {ratings.De}");
    }

    private static double Size(MatchFacts f) =>
        f.OfferedSize is not { } offered || f.NeededSize is not { } needed ? 1
        : offered < needed ? 0
        // A quantity resource lends only the units needed, so only rooms and vehicles can be too large.
        : f.Category is ListingCategory.Room or ListingCategory.Vehicle && offered > 0 ? Math.Min(1, 2.0 * needed / offered)
        : 1;

    private static LocalText SizeReason(MatchFacts f) =>
        f.OfferedSize is not { } offered || f.NeededSize is not { } needed
            ? new LocalText("no size to compare", "keine Größe zu vergleichen")
            : f.Category switch
            {
                ListingCategory.Room => LocalText.Of("Room for {0} people, {1} attending", "Saal für {0} Personen bei {1} Teilnehmenden", offered, needed),
                ListingCategory.Vehicle => LocalText.Of("{0} seats, {1} needed", "{0} Sitze, {1} benötigt", offered, needed),
                _ => LocalText.Of("{0} units, {1} needed", "{0} Stück, {1} benötigt", offered, needed),
            };

    private static int FreshDaysAgo(MatchFacts f) => Math.Max(0, (int)(f.Now - f.PublishedAt).TotalDays);
}
