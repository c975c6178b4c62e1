using System.Globalization;
using Microsoft.Kiota.Abstractions;
using ResourceShare.Web.Api;
using ResourceShare.Web.ApiClient.Models;
using ResourceShare.Web.Texts;

namespace ResourceShare.Web.Components.Pages.Listings;

/// <summary>
/// The availability editor's content: concrete windows and weekly rules as people write them (dates and clock
/// times in Europe/Berlin), posted under the API's field paths (<c>schedule.windows[0].date</c>), and turned into
/// the API's schedule (windows as instants, rules as Berlin dates and times).
/// </summary>
public sealed class ScheduleForm
{
    public List<WindowRow> Windows { get; init; } = [];

    public List<WeeklyRow> Weekly { get; init; } = [];

    public sealed record WindowRow(string Date, string From, string To);

    public sealed record WeeklyRow(IReadOnlyList<string> Days, string From, string To, string StartDate, string EndDate, string ExcludedDates);

    public static ScheduleForm Empty() => new() { Windows = [new("", "", "")] };

    public static ScheduleForm From(ScheduleDto? schedule) => new()
    {
        Windows = (schedule?.Windows ?? []).Select(w =>
        {
            var (start, end) = (Berlin.Local(w.Start!.Value), Berlin.Local(w.End!.Value));
            return new WindowRow(start.ToString("yyyy-MM-dd"), start.ToString("HH:mm"), end.ToString("HH:mm"));
        }).ToList(),
        Weekly = (schedule?.Weekly ?? []).Select(r => new WeeklyRow(
            (r.Days ?? []).Select(d => Wire.Of(d!.Value)).ToList(), r.From ?? "", r.To ?? "",
            r.StartDate?.ToString() ?? "", r.EndDate?.ToString() ?? "",
            string.Join(", ", (r.ExcludedDates ?? []).Select(d => d.ToString())))).ToList(),
    };

    public static ScheduleForm FromForm(IFormCollection form)
    {
        var schedule = new ScheduleForm();
        for (var i = 0; form.ContainsKey($"schedule.windows[{i}].date"); i++)
        {
            var prefix = $"schedule.windows[{i}]";
            schedule.Windows.Add(new WindowRow(form[prefix + ".date"].ToString(), form[prefix + ".from"].ToString(), form[prefix + ".to"].ToString()));
        }

        for (var i = 0; form.ContainsKey($"schedule.weekly[{i}].from"); i++)
        {
            var prefix = $"schedule.weekly[{i}]";
            schedule.Weekly.Add(new WeeklyRow(form[prefix + ".days"].OfType<string>().ToList(), form[prefix + ".from"].ToString(),
                form[prefix + ".to"].ToString(), form[prefix + ".startDate"].ToString(), form[prefix + ".endDate"].ToString(),
                form[prefix + ".excludedDates"].ToString()));
        }

        return schedule;
    }

    /// <summary>Adds or removes a row when the form was posted by one of the editor's buttons; true if it was.</summary>
    public bool Apply(string? action)
    {
        switch (action)
        {
            case "add-window":
                Windows.Add(new WindowRow("", "", ""));
                return true;
            case "add-rule":
                Weekly.Add(new WeeklyRow([], "", "", "", "", ""));
                return true;
            case { } remove when remove.StartsWith("remove-window-") && int.TryParse(remove["remove-window-".Length..], out var w) && w < Windows.Count:
                Windows.RemoveAt(w);
                return true;
            case { } remove when remove.StartsWith("remove-rule-") && int.TryParse(remove["remove-rule-".Length..], out var r) && r < Weekly.Count:
                Weekly.RemoveAt(r);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The API's schedule. Rows left entirely empty are dropped; what cannot be read as a date or time is reported
    /// under the row's field path (the API would never see it), everything else is for the API to judge.
    /// </summary>
    public ScheduleDto ToDto(Dictionary<string, IReadOnlyList<string>> unreadable)
    {
        var windows = new List<WindowDto>();
        foreach (var (row, i) in Windows.Select((row, i) => (row, i)))
        {
            if (row is { Date: "", From: "", To: "" })
            {
                continue;
            }

            if (!DateOnly.TryParseExact(row.Date, "yyyy-MM-dd", out var date) || !Time(row.From, out var from) || !Time(row.To, out var to))
            {
                unreadable[$"schedule.windows[{i}]"] = [Tr.T("Bitte Datum, Beginn und Ende angeben.", "Please give the date, the start and the end.")];
                continue;
            }

            // An end at or before the start is on the next day (18:00–02:00, or until 00:00).
            var start = Berlin.Instant(date, from);
            var end = Berlin.Instant(to > from ? date : date.AddDays(1), to);
            windows.Add(new WindowDto { Start = start, End = end });
        }

        var weekly = new List<WeeklyRuleDto>();
        foreach (var (row, i) in Weekly.Select((row, i) => (row, i)))
        {
            if (row is { Days.Count: 0, From: "", To: "", StartDate: "", EndDate: "", ExcludedDates: "" })
            {
                continue;
            }

            var excluded = Dates(row.ExcludedDates);
            if (excluded is null)
            {
                unreadable[$"schedule.weekly[{i}].excludedDates"] = [Tr.T("Bitte Daten wie 16.02.2027 angeben, durch Kommas getrennt.", "Please give dates such as 2027-02-16, separated by commas.")];
                continue;
            }

            weekly.Add(new WeeklyRuleDto
            {
                Days = row.Days.Select(Wire.Parse<WeeklyRuleDto_days>).Where(d => d is not null).ToList(),
                From = row.From,
                To = row.To,
                StartDate = DateOnly.TryParseExact(row.StartDate, "yyyy-MM-dd", out var first) ? new Date(first.ToDateTime(TimeOnly.MinValue)) : null,
                EndDate = DateOnly.TryParseExact(row.EndDate, "yyyy-MM-dd", out var last) ? new Date(last.ToDateTime(TimeOnly.MinValue)) : null,
                ExcludedDates = excluded,
            });
        }

        return new ScheduleDto { Windows = windows, Weekly = weekly };
    }

    /// <summary>One line per window or rule, for showing a schedule and comparing two of them.</summary>
    public IEnumerable<string> Describe() =>
        Windows.Where(w => w.Date.Length > 0).Select(w => $"{Berlin.Date(DateOnly.ParseExact(w.Date, "yyyy-MM-dd"))}, {w.From}–{w.To}")
            .Concat(Weekly.Select(r => Tr.T(
                $"{string.Join(", ", r.Days.Select(Labels.Day))} {r.From}–{r.To}, {r.StartDate} bis {r.EndDate}",
                $"{string.Join(", ", r.Days.Select(Labels.Day))} {r.From}–{r.To}, {r.StartDate} to {r.EndDate}")
                + (r.ExcludedDates.Length > 0 ? Tr.T($" (außer {r.ExcludedDates})", $" (except {r.ExcludedDates})") : "")));

    private static bool Time(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    private static List<Date?>? Dates(string text)
    {
        var dates = new List<Date?>();
        foreach (var part in text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!DateOnly.TryParseExact(part, ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return null;
            }

            dates.Add(new Date(date.ToDateTime(TimeOnly.MinValue)));
        }

        return dates;
    }
}
