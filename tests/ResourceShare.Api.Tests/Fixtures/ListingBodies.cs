using System.Text.Json.Nodes;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>Valid listing bodies per category and kind, as JSON objects a test changes the one field it is about in.</summary>
public static class ListingBodies
{
    public const string FrankfurtPostalCode = "60311";
    public const double FrankfurtLatitude = 50.11552;
    public const double FrankfurtLongitude = 8.68417;

    public static readonly string[] Categories = ["room", "interpreting", "equipment", "vehicle", "expertise", "other"];

    /// <summary>A listing in Frankfurt, free, available for three hours a week from now, with a unique title.</summary>
    public static JsonObject Valid(Guid associationId, string category = "room", string kind = "offer")
    {
        var start = Day(7, 16);
        return new JsonObject
        {
            ["associationId"] = associationId,
            ["kind"] = kind,
            ["category"] = category,
            ["title"] = $"{category} {kind} {UniqueWord()}",
            ["description"] = "Für Vereine im Rhein-Main-Gebiet.",
            ["contentLanguage"] = "de",
            ["details"] = Details(category, kind),
            ["place"] = new JsonObject
            {
                ["postalCode"] = FrankfurtPostalCode,
                ["city"] = "Frankfurt am Main",
                ["latitude"] = FrankfurtLatitude,
                ["longitude"] = FrankfurtLongitude,
                ["streetAddress"] = "Berger Straße 12",
                [kind == "offer" ? "serviceRadiusKm" : "maxDistanceKm"] = 10,
            },
            ["schedule"] = new JsonObject { ["windows"] = new JsonArray(Window(start, start.AddHours(3))) },
            ["terms"] = new JsonObject { ["kind"] = "free" },
        };
    }

    public static JsonObject Details(string category, string kind) => category switch
    {
        "room" when kind == "offer" => new JsonObject { ["capacity"] = 40, ["areaM2"] = 80, ["features"] = new JsonArray("kitchen", "wifi") },
        "room" => new JsonObject { ["attendees"] = 25, ["features"] = new JsonArray("wifi") },
        "interpreting" => new JsonObject
        {
            ["languagePairs"] = new JsonArray(new JsonObject { ["from"] = "de", ["to"] = "ti", ["oneWay"] = false }),
            ["modes"] = new JsonArray("consecutive"),
            ["delivery"] = new JsonArray("on_site"),
        },
        "equipment" => new JsonObject { ["itemType"] = "Beamer", ["itemTag"] = "projector", ["quantity"] = 2 },
        "vehicle" => new JsonObject { ["seats"] = 9, ["cargoVolumeM3"] = 2.5, ["driverIncluded"] = true },
        "expertise" => new JsonObject { ["topics"] = new JsonArray("grant_writing") },
        "other" => new JsonObject { ["text"] = "Hilfe beim Umzug" },
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "not a listing category"),
    };

    /// <summary>The UTC instant <paramref name="days"/> days from today at <paramref name="hour"/> o'clock.</summary>
    public static DateTimeOffset Day(int days, int hour) =>
        new DateTimeOffset(DateTimeOffset.UtcNow.Date, TimeSpan.Zero).AddDays(days).AddHours(hour);

    public static JsonObject Window(DateTimeOffset start, DateTimeOffset end) => new() { ["start"] = start, ["end"] = end };

    /// <summary>A word of letters only that no other test uses, for full-text searches that must not see other tests' listings.</summary>
    public static string UniqueWord() => "w" + string.Concat(Guid.NewGuid().ToByteArray().Take(10).Select(b => (char)('a' + b % 26)));
}
