using System.Globalization;

namespace ResourceShare.Web.Texts;

/// <summary>Times as people in Hesse read and write them: Europe/Berlin, daylight saving included.</summary>
public static class Berlin
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static CultureInfo Culture => CultureInfo.GetCultureInfo(Tr.English ? "en-GB" : "de-DE");

    public static DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    public static DateTimeOffset Instant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(Local(time.GetUtcNow()));

    public static string Date(DateTimeOffset? instant) =>
        instant is { } i ? Local(i).ToString(Tr.English ? "ddd d MMM yyyy" : "ddd, d. MMM yyyy", Culture) : "";

    public static string Date(DateOnly date) =>
        date.ToString(Tr.English ? "ddd d MMM yyyy" : "ddd, d. MMM yyyy", Culture);

    public static string DateTime(DateTimeOffset? instant) =>
        instant is { } i ? $"{Date(i)}, {Local(i):HH:mm}" : "";

    /// <summary>"Di., 15. Dez. 2026, 18:00–21:00"; a window over midnight names both days.</summary>
    public static string Window(DateTimeOffset? start, DateTimeOffset? end)
    {
        if (start is not { } s || end is not { } e)
        {
            return "";
        }

        var (from, to) = (Local(s), Local(e));
        return from.Date == to.Date || (to.TimeOfDay == TimeSpan.Zero && to.Date == from.Date.AddDays(1))
            ? $"{Date(s)}, {from:HH:mm}–{(to.TimeOfDay == TimeSpan.Zero ? "24:00" : to.ToString("HH:mm"))}"
            : $"{DateTime(s)} – {DateTime(e)}";
    }
}
