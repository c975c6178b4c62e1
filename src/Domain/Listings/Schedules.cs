namespace ResourceShare.Domain.Listings;

/// <summary>A half-open interval [Start, End) of UTC instants.</summary>
public readonly record struct TimeWindow(DateTimeOffset Start, DateTimeOffset End)
{
    public bool Contains(TimeWindow other) => Start <= other.Start && other.End <= End;

    /// <summary>Half-open: windows that touch at one instant do not overlap.</summary>
    public bool Overlaps(TimeWindow other) => Start < other.End && other.Start < End;
}

/// <summary>
/// A weekly rule in local Berlin time: on <see cref="Days"/> from <see cref="From"/> to <see cref="To"/>, from
/// <see cref="StartDate"/> to <see cref="EndDate"/> inclusive, except <see cref="ExcludedDates"/>.
/// </summary>
public sealed record WeeklyRule(
    IReadOnlyList<DayOfWeek> Days, TimeOnly From, TimeOnly To, DateOnly StartDate, DateOnly EndDate, IReadOnlyList<DateOnly> ExcludedDates);

public enum ScheduleProblem
{
    None,
    EndsBeforeStart,
    Overlapping,
    TooFarAhead,
    InThePast,
    TooManyOccurrences,
}

/// <summary>
/// Expands weekly rules into concrete windows in the Europe/Berlin zone, daylight saving included, and
/// checks windows against the product's limits.
/// </summary>
public static class Schedules
{
    public const int MaxHorizonDays = 2 * 366;
    public const int MaxWindows = 1000;
    public const int MaxRules = 20;

    public static TimeZoneInfo Berlin { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// <summary>
    /// The instant of a Berlin wall-clock time. A time skipped by the spring change (02:30 on the last Sunday
    /// of March) is taken one hour later, as a clock would show it; a time that occurs twice in autumn is
    /// taken at its first occurrence (still summer time).
    /// </summary>
    public static DateTimeOffset AtBerlin(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Berlin.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        var offset = Berlin.IsAmbiguousTime(local)
            ? Berlin.GetAmbiguousTimeOffsets(local).Max()
            : Berlin.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>
    /// The windows of one rule, in order. A rule whose To is not after From runs past midnight. An occurrence
    /// that the spring change swallows whole (02:00–03:00 on that night) does not happen.
    /// </summary>
    public static IEnumerable<TimeWindow> Expand(WeeklyRule rule)
    {
        var excluded = rule.ExcludedDates.ToHashSet();
        for (var date = rule.StartDate; date <= rule.EndDate; date = date.AddDays(1))
        {
            if (!rule.Days.Contains(date.DayOfWeek) || excluded.Contains(date))
            {
                continue;
            }

            var endDate = rule.To > rule.From ? date : date.AddDays(1);
            var window = new TimeWindow(AtBerlin(date, rule.From), AtBerlin(endDate, rule.To));
            if (window.End > window.Start)
            {
                yield return window;
            }
        }
    }

    /// <summary>Checks windows: each ends after it starts, none overlaps another, none lies beyond the horizon.</summary>
    public static ScheduleProblem Check(IReadOnlyList<TimeWindow> windows, DateTimeOffset now)
    {
        if (windows.Count > MaxWindows)
        {
            return ScheduleProblem.TooManyOccurrences;
        }

        if (windows.Any(w => w.End <= w.Start))
        {
            return ScheduleProblem.EndsBeforeStart;
        }

        if (windows.Any(w => w.End > now.AddDays(MaxHorizonDays)))
        {
            return ScheduleProblem.TooFarAhead;
        }

        if (windows.Any(w => w.End <= now))
        {
            return ScheduleProblem.InThePast;
        }

        var ordered = windows.OrderBy(w => w.Start).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i - 1].Overlaps(ordered[i]))
            {
                return ScheduleProblem.Overlapping;
            }
        }

        return ScheduleProblem.None;
    }
}
