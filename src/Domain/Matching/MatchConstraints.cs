using ResourceShare.Domain.Listings;

namespace ResourceShare.Domain.Matching;

/// <summary>A listing's window and its number among the listing's windows (the order they were given in).</summary>
public readonly record struct SlotWindow(int Slot, TimeWindow Window);

/// <summary>
/// What the hard constraints compare of one side of a pair: place and reach, the size the generated column
/// gives (capacity, attendees, quantity or seats), the category details, terms and the time windows.
/// </summary>
public sealed record MatchParty(
    Guid Id, Guid AssociationId, ListingKind Kind, ListingCategory Category, double Latitude, double Longitude,
    decimal? ServiceRadiusKm, decimal? MaxDistanceKm, bool RemoteOk, int? Size, ListingDetails Details, TermsKind Terms,
    decimal? CostEur, decimal? MaxBudgetEur, bool Recurring, IReadOnlyList<SlotWindow> Windows)
{
    /// <summary>How far this side reaches: an offer's service radius or a request's maximum distance (missing is 0).</summary>
    public double ReachKm { get; } = (double)(Kind == ListingKind.Offer ? ServiceRadiusKm ?? 0 : MaxDistanceKm ?? 0);
}

/// <summary>
/// The time, place and fit checks of a request–offer pair (category, kind, status and associations are the
/// caller's to decide, bookings the database's). <see cref="Failures"/> lists the failing checks;
/// <see cref="Covered"/> are the request's future windows that lie wholly inside one of the offer's windows.
/// </summary>
public sealed record PairCheck(double DistanceKm, double ReachKm, bool BothRemote, IReadOnlyList<Shortfall> Failures, IReadOnlyList<SlotWindow> Covered);

/// <summary>The hard constraints of SPEC §1 "Matching", steps 2–4, as README "Matching" tabulates them.</summary>
public static class MatchConstraints
{
    private const double EarthRadiusKm = 6371.0088;

    /// <summary>
    /// Checks a pair; null as soon as more than <paramref name="maxFailures"/> checks fail: 0 asks "is it a
    /// match", 1 "is it a match or a near miss". A pair none of whose windows even overlaps is never a near
    /// refusal (the time is too far off to suggest relaxing it), so it fails twice.
    /// </summary>
    public static PairCheck? Check(MatchParty request, MatchParty offer, DateTimeOffset now, int maxFailures)
    {
        // Written for the bulk computation of candidates (tens of millions of pairs): no allocation until a check
        // fails that may still be a near miss, or the pair passes.
        List<Shortfall>? failures = null;
        bool Over(Shortfall shortfall)
        {
            (failures ??= []).Add(shortfall);
            return failures.Count > maxFailures;
        }

        var km = DistanceKm(request.Latitude, request.Longitude, offer.Latitude, offer.Longitude);
        var reach = Math.Max(request.ReachKm, offer.ReachKm);
        var remote = request.RemoteOk && offer.RemoteOk;
        // Rounding to metres costs more than the rest of the check: only where it can decide, or is shown.
        if (maxFailures > 0 || Math.Abs(km - reach) < 0.01)
        {
            km = RoundKm(km);
        }

        if (!remote && km > reach && (maxFailures == 0 || Over(new Shortfall.Distance(km - reach))))
        {
            return null;
        }

        if (request.Size is { } needed && (offer.Size ?? 0) < needed
            && (maxFailures == 0 || Over(new Shortfall.Size(request.Category, offer.Size ?? 0, needed))))
        {
            return null;
        }

        var cost = offer.Terms == TermsKind.CostSharing ? offer.CostEur ?? 0 : 0;
        if (cost > 0 && cost > (request.MaxBudgetEur ?? 0) && (maxFailures == 0 || Over(new Shortfall.Budget(cost, request.MaxBudgetEur ?? 0))))
        {
            return null;
        }

        var (r, o) = (request.Details, offer.Details);
        if (r.AreaM2 is { } area && (o.AreaM2 ?? 0) < area && (maxFailures == 0 || Over(new Shortfall.Area(o.AreaM2 ?? 0, area))))
        {
            return null;
        }

        if (Lacks(r.Features, o.Features) && (maxFailures == 0 || Over(new Shortfall.Features(Missing(r.Features!, o.Features)))))
        {
            return null;
        }

        if (Unserved(r.LanguagePairs, o.LanguagePairs) is { } pairs && (maxFailures == 0 || Over(new Shortfall.Languages(pairs))))
        {
            return null;
        }

        if (Lacks(r.Modes, o.Modes) && (maxFailures == 0 || Over(new Shortfall.Modes(Missing(r.Modes!, o.Modes)))))
        {
            return null;
        }

        if (r.Delivery is { Count: > 0 } wanted && o.Delivery is { Count: > 0 } given && !Shares(wanted, given)
            && (maxFailures == 0 || Over(new Shortfall.Delivery(wanted))))
        {
            return null;
        }

        if (r.ItemTag is { } tag && o.ItemTag != tag && (maxFailures == 0 || Over(new Shortfall.ItemTag(o.ItemTag, tag))))
        {
            return null;
        }

        if (r.CargoVolumeM3 is { } cargo && (o.CargoVolumeM3 ?? 0) < cargo && (maxFailures == 0 || Over(new Shortfall.Cargo(o.CargoVolumeM3 ?? 0, cargo))))
        {
            return null;
        }

        if (r.DriverIncluded == true && o.DriverIncluded != true && (maxFailures == 0 || Over(new Shortfall.Driver())))
        {
            return null;
        }

        if (Lacks(r.Topics, o.Topics) && (maxFailures == 0 || Over(new Shortfall.Topics(Missing(r.Topics!, o.Topics)))))
        {
            return null;
        }

        List<SlotWindow>? covered = null;
        SlotWindow? wantedMost = null;
        TimeWindow freeMost = default;
        var most = TimeSpan.Zero;
        for (var i = 0; i < request.Windows.Count; i++)
        {
            var need = request.Windows[i];
            if (need.Window.End <= now)
            {
                continue;
            }

            if (Covers(offer.Windows, need.Window))
            {
                (covered ??= []).Add(need);
                continue;
            }

            if (covered is not null)
            {
                continue;
            }

            for (var j = 0; j < offer.Windows.Count; j++)
            {
                var have = offer.Windows[j];
                var overlap = Min(have.Window.End, need.Window.End) - Max(have.Window.Start, need.Window.Start);
                if (overlap > most)
                {
                    (most, wantedMost, freeMost) = (overlap, need, have.Window);
                }
            }
        }

        if (covered is null && (wantedMost is not { } wantedWindow || maxFailures == 0 || Over(new Shortfall.Time(wantedWindow.Window, freeMost))))
        {
            return null;
        }

        return new PairCheck(km, reach, remote, failures ?? [], covered ?? []);
    }

    /// <summary>The great-circle distance in km, as the database's distance_km computes it.</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLon = (lon2 - lon1) * Math.PI / 180;
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + (Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1.0, Math.Sqrt(h)));
    }

    /// <summary>
    /// A distance at metre precision, as round(distance::numeric, 3) gives it: the double's 15 significant digits
    /// (how PostgreSQL turns a double into a numeric), rounded half away from zero.
    /// </summary>
    public static double RoundKm(double km) =>
        (double)Math.Round(decimal.Parse(km.ToString("G15", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture), 3, MidpointRounding.AwayFromZero);

    private static bool Lacks(IReadOnlyList<string>? needed, IReadOnlyList<string>? offered)
    {
        if (needed is null)
        {
            return false;
        }

        for (var i = 0; i < needed.Count; i++)
        {
            if (offered is null || !Contains(offered, needed[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The needed items the offer lacks, in ordinal order.</summary>
    private static IReadOnlyList<string> Missing(IReadOnlyList<string> needed, IReadOnlyList<string>? offered) =>
        needed.Where(n => offered is null || !Contains(offered, n)).Order(StringComparer.Ordinal).ToList();

    /// <summary>The needed language pairs no offered pair serves (<see cref="LanguagePair.Serves"/>); null when all are served.</summary>
    private static List<LanguagePair>? Unserved(IReadOnlyList<LanguagePair>? needed, IReadOnlyList<LanguagePair>? offered)
    {
        List<LanguagePair>? missing = null;
        foreach (var need in needed ?? [])
        {
            var served = false;
            foreach (var have in offered ?? [])
            {
                served |= have.Serves(need);
            }

            if (!served)
            {
                (missing ??= []).Add(need);
            }
        }

        return missing;
    }

    private static bool Shares(IReadOnlyList<string> wanted, IReadOnlyList<string> given)
    {
        foreach (var item in wanted)
        {
            if (Contains(given, item))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(IReadOnlyList<string> items, string item)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] == item)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Covers(IReadOnlyList<SlotWindow> windows, TimeWindow need)
    {
        for (var i = 0; i < windows.Count; i++)
        {
            if (windows[i].Window.Start <= need.Start && windows[i].Window.End >= need.End)
            {
                return true;
            }
        }

        return false;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
