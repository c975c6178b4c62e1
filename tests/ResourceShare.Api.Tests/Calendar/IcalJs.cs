using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Calendar;

/// <summary>An event as ical.js imports it: start and end in UTC, computed from the file's own VTIMEZONE.</summary>
public sealed record IcalJsEvent(string Uid, string Summary, string Status, int Sequence, string? StartTzid, DateTimeOffset Start, DateTimeOffset End);

public sealed record IcalJsCalendar(IReadOnlyList<string> TimeZones, IReadOnlyList<IcalJsEvent> Events);

/// <summary>
/// A second iCalendar parser beside Ical.Net: Mozilla's ical.js (as in Thunderbird), pinned in tools/ical-check,
/// run with Node.js over a feed.
/// </summary>
public static class IcalJs
{
    public static async Task<IcalJsCalendar> ReadAsync(string ics)
    {
        var tool = Path.Combine(Repository.Root, "tools", "ical-check");
        if (!Directory.Exists(Path.Combine(tool, "node_modules", "ical.js")))
        {
            throw new InvalidOperationException($"ical.js is not installed in {tool}: run scripts/test, which runs npm ci there.");
        }

        var file = Path.Combine(Path.GetTempPath(), $"resourceshare-feed-{Guid.NewGuid():N}.ics");
        await File.WriteAllTextAsync(file, ics);
        try
        {
            var run = await Tool.RunAsync("node", tool, TimeSpan.FromMinutes(1), "read.mjs", file);
            Assert.True(run.ExitCode == 0, run.ToString());
            return JsonSerializer.Deserialize<IcalJsCalendar>(run.Output, JsonSerializerOptions.Web)!;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
