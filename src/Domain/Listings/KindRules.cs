namespace ResourceShare.Domain.Listings;

/// <summary>
/// What a listing carries as an offer and what as a request: an offer says how far it travels and what it costs,
/// a request how far it may be away and what it may cost, and when it is needed.
/// </summary>
public static class KindRules
{
    /// <summary>Only offers have a service radius (how far the provider comes).</summary>
    public static bool TakesServiceRadius(ListingKind kind) => kind == ListingKind.Offer;

    /// <summary>Only requests have a maximum distance (how far away an offer may be).</summary>
    public static bool TakesMaxDistance(ListingKind kind) => kind == ListingKind.Request;

    /// <summary>Only requests have a budget.</summary>
    public static bool TakesBudget(ListingKind kind) => kind == ListingKind.Request;

    /// <summary>Every listing says when: at least one window or weekly rule.</summary>
    public static bool HasTimes(int windows, int weeklyRules) => windows > 0 || weeklyRules > 0;

    /// <summary>
    /// An offer may combine any windows and weekly rules. A request has either alternative windows (any one of
    /// them will do) or one weekly rule for a recurring need, never both.
    /// </summary>
    public static bool ScheduleFits(ListingKind kind, int windows, int weeklyRules) =>
        kind == ListingKind.Offer || weeklyRules == 0 || (windows == 0 && weeklyRules == 1);

    /// <summary>
    /// A weekly rule lasts at most <see cref="Schedules.MaxHorizonDays"/> days and ends at most that far after
    /// <paramref name="today"/>; an open end is bounded when the rule is expanded.
    /// </summary>
    public static bool WeeklyRuleWithinHorizon(DateOnly? startDate, DateOnly? endDate, DateOnly today) =>
        endDate is not { } end
        || (end <= today.AddDays(Schedules.MaxHorizonDays)
            && (startDate is not { } start || end.DayNumber - start.DayNumber <= Schedules.MaxHorizonDays));
}
