using System.Text.Json;
using System.Text.Json.Serialization;
using ResourceShare.Api.Http;
using ResourceShare.Domain.Common;
using ResourceShare.Domain.Listings;
using ResourceShare.Infrastructure.Listings;
using ResourceShare.Infrastructure.Places;

namespace ResourceShare.Api.Listings;

/// <summary>How details and schedules are stored (jsonb): the wire shape without null fields.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ListingDetailsDto))]
[JsonSerializable(typeof(ScheduleDto))]
internal sealed partial class ListingStorageJson : JsonSerializerContext;

/// <summary>The validated parts of a listing, turned into what the store keeps: windows expanded, place resolved.</summary>
public sealed class ListingContentBuilder(PlaceStore places, TimeProvider time)
{
    private static readonly UserText UnknownPlace = new(
        "No German place of this name; give coordinates or pick one of the suggestions.",
        "Kein deutscher Ort dieses Namens; geben Sie Koordinaten an oder wählen Sie einen der Vorschläge.");

    /// <summary>
    /// The parts to build from. <paramref name="NewSchedule"/> is false when an update keeps the stored schedule:
    /// it was checked when it was given, and time passing its first windows must not make it invalid.
    /// </summary>
    public sealed record Parts(
        ListingKind Kind, ListingCategory Category, string Title, string Description, string ContentLanguage,
        ListingDetailsDto Details, PlaceDto Place, ScheduleDto Schedule, TermsDto Terms, DateTimeOffset? ValidUntil,
        bool NewSchedule = true);

    /// <summary>The content, or the validation errors (field → messages) and place suggestions.</summary>
    public async Task<(ListingContent? Content, Dictionary<string, string[]> Errors, IReadOnlyList<string> Suggestions)> BuildAsync(Parts parts, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var now = time.GetUtcNow();
        var windows = Expand(parts.Schedule);
        var problem = parts.NewSchedule ? Schedules.Check(windows, now) : ScheduleProblem.None;
        if (problem != ScheduleProblem.None)
        {
            errors["schedule"] = [Describe(problem)];
        }

        double latitude, longitude;
        IReadOnlyList<string> suggestions = [];
        if (parts.Place.Latitude is { } lat && parts.Place.Longitude is { } lon)
        {
            (latitude, longitude) = (lat, lon);
        }
        else if (await places.ResolveAsync(parts.Place.City!, ct) is { } place)
        {
            (latitude, longitude) = (place.Latitude, place.Longitude);
        }
        else
        {
            (latitude, longitude) = (0, 0);
            var prefix = parts.Place.City!.Length > 3 ? parts.Place.City[..3] : parts.Place.City;
            suggestions = (await places.SearchByPrefixAsync(prefix, 5, ct)).Select(s => s.Name).ToList();
            errors["place.city"] = [UnknownPlace.ToString()];
        }

        if (errors.Count > 0)
        {
            return (null, errors, suggestions);
        }

        var recurring = parts.Kind == ListingKind.Request && parts.Schedule.Weekly is { Length: > 0 };
        return (new ListingContent(
            parts.Kind, parts.Category, parts.Title.Trim(), parts.Description.Trim(), LanguageTags.Normalize(parts.ContentLanguage)!,
            JsonSerializer.Serialize(ListingParts.Normalize(parts.Details), ListingStorageJson.Default.ListingDetailsDto),
            parts.Place.PostalCode!, parts.Place.City!.Trim(), latitude, longitude, Blank(parts.Place.StreetAddress), parts.Place.ServiceRadiusKm,
            parts.Place.MaxDistanceKm, parts.Place.RemoteOk ?? false,
            JsonSerializer.Serialize(parts.Schedule, ListingStorageJson.Default.ScheduleDto), recurring, windows,
            parts.Terms.Kind!.Value, parts.Terms.CostEur, Blank(parts.Terms.ExchangeFor), parts.Terms.MaxBudgetEur,
            (parts.ValidUntil ?? now.AddDays(ListingRules.DefaultValidDays)).UtcDateTime), errors, suggestions);
    }

    public static IReadOnlyList<TimeWindow> Expand(ScheduleDto schedule)
    {
        var windows = (schedule.Windows ?? []).Select(w => new TimeWindow(w.Start!.Value.ToUniversalTime(), w.End!.Value.ToUniversalTime())).ToList();
        foreach (var rule in schedule.Weekly ?? [])
        {
            ListingParts.TryParseTime(rule.From, out var from);
            ListingParts.TryParseTime(rule.To, out var to);
            windows.AddRange(Schedules.Expand(new WeeklyRule(
                rule.Days!.Select(d => ListingParts.Days[d]).ToList(), from, to, rule.StartDate!.Value, rule.EndDate!.Value, rule.ExcludedDates ?? [])));
        }

        return windows.OrderBy(w => w.Start).ToList();
    }

    private static string Describe(ScheduleProblem problem) => problem switch
    {
        ScheduleProblem.EndsBeforeStart => new UserText("A window ends before it starts.", "Ein Zeitfenster endet, bevor es beginnt.").ToString(),
        ScheduleProblem.Overlapping => new UserText("Windows overlap each other.", "Zeitfenster überschneiden sich.").ToString(),
        ScheduleProblem.TooFarAhead => new UserText($"Windows may reach at most {Schedules.MaxHorizonDays} days ahead.", $"Zeitfenster dürfen höchstens {Schedules.MaxHorizonDays} Tage vorausreichen.").ToString(),
        ScheduleProblem.InThePast => new UserText("A window lies in the past.", "Ein Zeitfenster liegt in der Vergangenheit.").ToString(),
        ScheduleProblem.TooManyOccurrences => new UserText($"At most {Schedules.MaxWindows} windows in all.", $"Insgesamt höchstens {Schedules.MaxWindows} Zeitfenster.").ToString(),
        ScheduleProblem.None => "",
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
