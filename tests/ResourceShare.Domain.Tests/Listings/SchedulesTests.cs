using ResourceShare.Domain.Listings;

namespace ResourceShare.Domain.Tests.Listings;

/// <summary>
/// Berlin changes to summer time on Sunday 28 March 2027 (02:00 CET → 03:00 CEST, 01:00 UTC) and back on
/// Sunday 31 October 2027 (03:00 CEST → 02:00 CET, 01:00 UTC).
/// </summary>
public class SchedulesTests
{
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2027, month, day, hour, minute, 0, TimeSpan.Zero);

    private static WeeklyRule Rule(DayOfWeek day, string from, string to, DateOnly start, DateOnly end, params DateOnly[] excluded) =>
        new([day], TimeOnly.Parse(from), TimeOnly.Parse(to), start, end, excluded);

    [Theory]
    [InlineData(1, 12, 18, 17)]
    [InlineData(3, 27, 18, 17)]
    [InlineData(3, 28, 1, 0)]
    [InlineData(3, 28, 3, 1)]
    [InlineData(3, 29, 18, 16)]
    [InlineData(7, 13, 18, 16)]
    [InlineData(10, 30, 18, 16)]
    [InlineData(10, 31, 1, 23)]
    [InlineData(10, 31, 3, 2)]
    [InlineData(11, 1, 18, 17)]
    public void AtBerlin_uses_the_offset_in_force_on_that_day(int month, int day, int localHour, int utcHour)
    {
        var instant = Schedules.AtBerlin(new DateOnly(2027, month, day), new TimeOnly(localHour, 0));

        var expectedDay = utcHour > localHour ? day - 1 : day;
        Assert.Equal(Utc(month, expectedDay, utcHour), instant);
    }

    [Fact]
    public void AtBerlin_takes_a_time_skipped_in_spring_one_hour_later()
    {
        var instant = Schedules.AtBerlin(new DateOnly(2027, 3, 28), new TimeOnly(2, 30));

        Assert.Equal(Utc(3, 28, 1, 30), instant);
        Assert.Equal(new TimeOnly(3, 30), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Schedules.Berlin).DateTime));
    }

    [Fact]
    public void AtBerlin_takes_a_time_repeated_in_autumn_at_its_first_occurrence()
    {
        var instant = Schedules.AtBerlin(new DateOnly(2027, 10, 31), new TimeOnly(2, 30));

        Assert.Equal(Utc(10, 31, 0, 30), instant);
        Assert.Equal(TimeSpan.FromHours(2), Schedules.Berlin.GetUtcOffset(instant));
    }

    [Fact]
    public void Expand_a_Sunday_0230_rule_across_the_spring_change()
    {
        var rule = Rule(DayOfWeek.Sunday, "02:30", "04:00", new DateOnly(2027, 3, 21), new DateOnly(2027, 4, 4));

        var windows = Schedules.Expand(rule).ToList();

        Assert.Equal(
            [
                new TimeWindow(Utc(3, 21, 1, 30), Utc(3, 21, 3)),
                new TimeWindow(Utc(3, 28, 1, 30), Utc(3, 28, 2)),
                new TimeWindow(Utc(4, 4, 0, 30), Utc(4, 4, 2)),
            ],
            windows);
    }

    [Fact]
    public void Expand_a_Sunday_0230_rule_across_the_autumn_change()
    {
        var rule = Rule(DayOfWeek.Sunday, "02:30", "04:00", new DateOnly(2027, 10, 24), new DateOnly(2027, 11, 7));

        var windows = Schedules.Expand(rule).ToList();

        Assert.Equal(
            [
                new TimeWindow(Utc(10, 24, 0, 30), Utc(10, 24, 2)),
                new TimeWindow(Utc(10, 31, 0, 30), Utc(10, 31, 3)),
                new TimeWindow(Utc(11, 7, 1, 30), Utc(11, 7, 3)),
            ],
            windows);
    }

    [Theory]
    [InlineData(3, 16, 3, 30, 17, 16)]
    [InlineData(10, 19, 11, 2, 16, 17)]
    public void Expand_keeps_local_time_so_the_utc_instants_shift_by_one_hour(
        int startMonth, int startDay, int endMonth, int endDay, int utcHourBefore, int utcHourAfter)
    {
        var rule = Rule(DayOfWeek.Tuesday, "18:00", "21:00", new DateOnly(2027, startMonth, startDay), new DateOnly(2027, endMonth, endDay));

        var windows = Schedules.Expand(rule).ToList();

        Assert.Equal(3, windows.Count);
        Assert.All(windows, w =>
        {
            Assert.Equal(new TimeOnly(18, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(w.Start, Schedules.Berlin).DateTime));
            Assert.Equal(TimeSpan.FromHours(3), w.End - w.Start);
        });
        Assert.Equal(utcHourBefore, windows[0].Start.Hour);
        Assert.Equal(utcHourBefore, windows[1].Start.Hour);
        Assert.Equal(utcHourAfter, windows[2].Start.Hour);
    }

    [Fact]
    public void Expand_an_overnight_rule_ends_the_next_morning_and_lasts_one_hour_longer_in_the_autumn_night()
    {
        var rule = Rule(DayOfWeek.Saturday, "22:00", "06:00", new DateOnly(2027, 10, 23), new DateOnly(2027, 10, 30));

        var windows = Schedules.Expand(rule).ToList();

        Assert.Equal(
            [
                new TimeWindow(Utc(10, 23, 20), Utc(10, 24, 4)),
                new TimeWindow(Utc(10, 30, 20), Utc(10, 31, 5)),
            ],
            windows);
    }

    [Fact]
    public void Expand_skips_other_days_and_excluded_dates()
    {
        var rule = new WeeklyRule(
            [DayOfWeek.Monday, DayOfWeek.Wednesday], new TimeOnly(10, 0), new TimeOnly(12, 0),
            new DateOnly(2027, 5, 3), new DateOnly(2027, 5, 16), [new DateOnly(2027, 5, 5)]);

        var starts = Schedules.Expand(rule).Select(w => DateOnly.FromDateTime(w.Start.UtcDateTime)).ToList();

        Assert.Equal([new DateOnly(2027, 5, 3), new DateOnly(2027, 5, 10), new DateOnly(2027, 5, 12)], starts);
    }

    [Fact]
    public void Expand_drops_an_occurrence_the_spring_change_swallows_so_the_rule_stays_valid()
    {
        var rule = Rule(DayOfWeek.Sunday, "02:00", "03:00", new DateOnly(2027, 3, 21), new DateOnly(2027, 4, 4));

        var windows = Schedules.Expand(rule).ToList();

        Assert.Equal([new TimeWindow(Utc(3, 21, 1), Utc(3, 21, 2)), new TimeWindow(Utc(4, 4, 0), Utc(4, 4, 1))], windows);
        Assert.Equal(ScheduleProblem.None, Schedules.Check(windows, Utc(1, 1, 0)));
    }

    private static readonly DateTimeOffset Now = Utc(1, 1, 12);

    private static TimeWindow Hours(int fromHour, int toHour) => new(Now.AddHours(fromHour), Now.AddHours(toHour));

    [Fact]
    public void Check_accepts_windows_that_only_touch() =>
        Assert.Equal(ScheduleProblem.None, Schedules.Check([Hours(24, 26), Hours(26, 28)], Now));

    [Fact]
    public void Check_refuses_a_window_that_ends_before_it_starts() =>
        Assert.Equal(ScheduleProblem.EndsBeforeStart, Schedules.Check([Hours(24, 26), Hours(30, 29)], Now));

    [Fact]
    public void Check_refuses_an_empty_window() =>
        Assert.Equal(ScheduleProblem.EndsBeforeStart, Schedules.Check([Hours(30, 30)], Now));

    [Fact]
    public void Check_refuses_overlapping_windows_in_any_order() =>
        Assert.Equal(ScheduleProblem.Overlapping, Schedules.Check([Hours(50, 52), Hours(24, 26), Hours(25, 27)], Now));

    [Fact]
    public void Check_allows_two_years_ahead_but_not_further()
    {
        var limit = Now.AddDays(Schedules.MaxHorizonDays);

        Assert.Equal(ScheduleProblem.None, Schedules.Check([new TimeWindow(limit.AddHours(-2), limit)], Now));
        Assert.Equal(ScheduleProblem.TooFarAhead, Schedules.Check([new TimeWindow(limit.AddHours(-2), limit.AddMinutes(1))], Now));
    }

    [Fact]
    public void Check_refuses_a_schedule_wholly_in_the_past() =>
        Assert.Equal(ScheduleProblem.InThePast, Schedules.Check([Hours(-5, -3), Hours(-2, 0)], Now));

    [Fact]
    public void Check_refuses_more_than_the_maximum_number_of_windows()
    {
        var windows = Enumerable.Range(0, Schedules.MaxWindows + 1).Select(i => Hours(2 * i + 1, 2 * i + 2)).ToList();

        Assert.Equal(ScheduleProblem.TooManyOccurrences, Schedules.Check(windows, Now));
        Assert.Equal(ScheduleProblem.None, Schedules.Check(windows.Take(Schedules.MaxWindows).ToList(), Now));
    }

    [Fact]
    public void TimeWindow_is_half_open()
    {
        var window = Hours(1, 3);

        Assert.False(window.Overlaps(Hours(3, 4)));
        Assert.True(window.Overlaps(Hours(2, 4)));
        Assert.True(window.Contains(Hours(1, 3)));
        Assert.False(window.Contains(Hours(2, 4)));
    }
}
