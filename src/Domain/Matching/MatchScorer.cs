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
        var components = MatchWeights.Table.Select(w =>
        {
            var (value, reason) = w.Component switch
            {
                MatchComponent.Distance => Distance(f),
                MatchComponent.Time => Time(f),
                MatchComponent.Cost => Cost(f),
                MatchComponent.Trust => Trust(f.Trust),
                MatchComponent.Size => Size(f),
                MatchComponent.Freshness => Freshness(f),
                _ => throw new ArgumentOutOfRangeException(nameof(f), w.Component, "not a score component"),
            };
            return new ScoredComponent(w.Component, Math.Round(Math.Clamp(value, 0, 1), 3), w.Weight, reason);
        }).ToList();
        var score = (int)Math.Round(100 * components.Sum(c => c.Value * c.Weight), MidpointRounding.AwayFromZero);
        return new MatchScore(score, components);
    }

    private static (double, LocalText) Distance(MatchFacts f)
    {
        if (f.BothRemote)
        {
            return (1, new LocalText("remote on both sides", "beidseitig aus der Ferne möglich"));
        }

        var value = f.ReachKm > 0 ? 1 - (1 - DistanceAtReach) * f.DistanceKm / f.ReachKm : f.DistanceKm <= 0 ? 1 : 0;
        return (value, LocalText.Of("{0:0.0} km away", "{0:0.0} km entfernt", f.DistanceKm));
    }

    private static (double, LocalText) Time(MatchFacts f)
    {
        if (f.Recurring)
        {
            return (f.WindowsTotal == 0 ? 0 : (double)f.WindowsServed / f.WindowsTotal,
                LocalText.Of("{0} of {1} occurrences", "{0} von {1} Terminen", f.WindowsServed, f.WindowsTotal));
        }

        return f.WindowsServed > 0
            ? (1, new LocalText("free at the requested time", "zur gewünschten Zeit frei"))
            : (0, new LocalText("not free at the requested time", "zur gewünschten Zeit nicht frei"));
    }

    private static (double, LocalText) Cost(MatchFacts f)
    {
        var cost = f.OfferCostEur ?? 0;
        switch (f.OfferTerms)
        {
            case TermsKind.Exchange:
                return (ExchangeValue, LocalText.Of("in exchange for: {0}", "im Tausch gegen: {0}", f.ExchangeFor));
            case TermsKind.Free:
            case TermsKind.CostSharing when cost == 0:
                return (1, new LocalText("free of charge", "kostenlos"));
        }

        var text = f.BudgetEur is > 0
            ? LocalText.Of("cost share {0:0.##} € within a budget of {1:0.##} €", "Kostenbeteiligung {0:0.##} € bei Budget {1:0.##} €", cost, f.BudgetEur)
            : LocalText.Of("cost share {0:0.##} €", "Kostenbeteiligung {0:0.##} €", cost);
        var value = f.BudgetEur is > 0 and var budget && cost <= budget ? 0.8 - 0.6 * (double)(cost / budget) : 0;
        return (value, text);
    }

    private static (double, LocalText) Trust(TrustFacts t)
    {
        var rating = t.AverageRating is { } average ? (average - 1) / 4 : 0.5;
        var value = (t.Verified ? 0.4 : 0) + 0.3 * Math.Min(t.CompletedBookings, TrustedBookings) / TrustedBookings + 0.3 * rating;
        var verified = t.Verified ? new LocalText("verified association", "verifizierter Verein") : new LocalText("unverified association", "nicht verifizierter Verein");
        var bookings = t.CompletedBookings == 1
            ? new LocalText("1 completed booking", "1 abgeschlossene Buchung")
            : LocalText.Of("{0} completed bookings", "{0} abgeschlossene Buchungen", t.CompletedBookings);
        var ratings = t.AverageRating is { } avg
            ? t.RatingCount == 1
                ? LocalText.Of("rated {0:0.0} on average (1 rating)", "Bewertung Ø {0:0.0} (1 Bewertung)", avg)
                : LocalText.Of("rated {0:0.0} on average ({1} ratings)", "Bewertung Ø {0:0.0} ({1} Bewertungen)", avg, t.RatingCount)
            : new LocalText("no ratings yet", "noch keine Bewertungen");
        return (value, new LocalText($"{verified.En}, {bookings.En}, {ratings.En}", $"{verified.De}, {bookings.De}, {ratings.De}"));
    }

    private static (double, LocalText) Size(MatchFacts f)
    {
        if (f.OfferedSize is not { } offered || f.NeededSize is not { } needed)
        {
            return (1, new LocalText("no size to compare", "keine Größe zu vergleichen"));
        }

        var text = f.Category switch
        {
            ListingCategory.Room => LocalText.Of("Room for {0} people, {1} attending", "Saal für {0} Personen bei {1} Teilnehmenden", offered, needed),
            ListingCategory.Vehicle => LocalText.Of("{0} seats, {1} needed", "{0} Sitze, {1} benötigt", offered, needed),
            _ => LocalText.Of("{0} units, {1} needed", "{0} Stück, {1} benötigt", offered, needed),
        };
        // A quantity resource lends only the units needed, so only rooms and vehicles can be too large.
        var value = offered < needed ? 0
            : f.Category is ListingCategory.Room or ListingCategory.Vehicle && offered > 0 ? Math.Min(1, 2.0 * needed / offered)
            : 1;
        return (value, text);
    }

    private static (double, LocalText) Freshness(MatchFacts f)
    {
        var days = Math.Max(0, (int)(f.Now - f.PublishedAt).TotalDays);
        var text = days switch
        {
            0 => new LocalText("published today", "heute veröffentlicht"),
            1 => new LocalText("published yesterday", "gestern veröffentlicht"),
            _ => LocalText.Of("published {0} days ago", "vor {0} Tagen veröffentlicht", days),
        };
        return (1 - days / FreshDays, text);
    }
}
