using System.Globalization;
using System.Text;
using System.Text.Json;
using ResourceShare.Domain.Listings;

namespace ResourceShare.Bench.Seed;

public readonly record struct Window(DateTime Start, DateTime End);

/// <summary>The columns of one listing row (the generated ones are PostgreSQL's).</summary>
public sealed record ListingRow(
    int Number, int Association, string Kind, ListingCategory Category, string Title, string Description, string Details,
    string PostalCode, string City, double Latitude, double Longitude, string? StreetAddress, decimal? ServiceRadiusKm,
    decimal? MaxDistanceKm, bool RemoteOk, string Schedule, string Terms, decimal? CostEur, string? ExchangeFor, decimal? MaxBudgetEur,
    DateTime ValidUntil, string Status, string? CloseReason, DateTime CreatedAt, DateTime UpdatedAt, DateTime? PublishedAt, int Version);

/// <summary>
/// Makes listing n from its own random streams: the category, the windows and the rest each from one stream, so
/// that the bookings can ask for an offer's category and windows without making the whole listing.
/// </summary>
public sealed class Listings(int seed, BenchSizes sizes, Places places, DateTime today)
{
    private const int CategoryStream = 10;
    private const int WindowStream = 11;
    private const int ContentStream = 12;

    private static readonly string[] Unpublished = ["draft", "draft", "paused", "closed", "closed", "expired"];
    private static readonly string[] CloseReasons = ["fulfilled", "withdrawn"];

    public ListingCategory Category(int n)
    {
        if (BenchSizes.IsHot(n))
        {
            return ListingCategory.Room;
        }

        var u = new Rng(seed, CategoryStream, n).NextDouble();
        return u switch
        {
            < 0.40 => ListingCategory.Room,
            < 0.70 => ListingCategory.Interpreting,
            < 0.775 => ListingCategory.Equipment,
            < 0.85 => ListingCategory.Vehicle,
            < 0.925 => ListingCategory.Expertise,
            _ => ListingCategory.Other,
        };
    }

    /// <summary>
    /// An offer's availability: one period of 3–21 days in the past and two in the next half year, from 08:00 UTC
    /// on. A request's needs: three alternative windows of 2–7 hours in the next half year, one in each 60 days.
    /// </summary>
    public Window[] Windows(int n)
    {
        var rng = new Rng(seed, WindowStream, n);
        var windows = new Window[3];
        if (BenchSizes.IsRequest(n))
        {
            for (var k = 0; k < 3; k++)
            {
                var start = today.AddDays(k * 60 + 1 + rng.Next(55)).AddHours(8 + rng.Next(4));
                windows[k] = new Window(start, start.AddHours(rng.Next(2, 8)));
            }

            return windows;
        }

        int[] firstDays = [-100 + rng.Next(75), 1 + rng.Next(60), 90 + rng.Next(60)];
        for (var k = 0; k < 3; k++)
        {
            var start = today.AddDays(firstDays[k]).AddHours(8);
            windows[k] = new Window(start, start.AddDays(rng.Next(3, 22)));
        }

        return windows;
    }

    /// <summary>The units an offer has: its details.quantity for equipment, otherwise one.</summary>
    public int Units(int n) => Category(n) == ListingCategory.Equipment ? 1 + new Rng(seed, ContentStream, n).Next(20) : 1;

    public ListingRow Row(int n)
    {
        var rng = new Rng(seed, ContentStream, n);
        var quantity = 1 + rng.Next(20);
        var request = BenchSizes.IsRequest(n);
        var category = Category(n);
        var place = places.Pick(ref rng);
        var status = n <= sizes.Published ? "published" : rng.Pick(Unpublished);
        var (title, details) = Content(ref rng, category, request, quantity);
        title = (request ? "Gesucht: " : "") + title + " in " + place.Name;
        if (title.Length > ListingRules.TitleMaxLength)
        {
            title = title[..ListingRules.TitleMaxLength].TrimEnd();
        }

        var description = string.Join(' ', request ? rng.Pick(Vocabulary.Needs) : rng.Pick(Vocabulary.Access), rng.Pick(Vocabulary.Use), rng.Pick(Vocabulary.About));
        var terms = rng.NextDouble() switch { < 0.50 => "free", < 0.85 => "cost_sharing", _ => "exchange" };

        DateTime? publishedAt = status == "draft" ? null : today.AddSeconds(-rng.Next(1, 365 * 86400));
        var createdAt = (publishedAt ?? today).AddSeconds(-rng.Next(3600, 5 * 86400));
        var validUntil = status switch
        {
            "published" => today.AddDays(rng.Next(90, 366)),
            "expired" => today.AddDays(-rng.Next(1, 60)),
            _ => today.AddDays(rng.Next(30, 366)),
        };

        return new ListingRow(
            n, sizes.OwnerOf(n), request ? "request" : "offer", category, title, description, details,
            PostalCode(ref rng, place), place.Name, place.Latitude + (rng.NextDouble() - 0.5) * 0.04, place.Longitude + (rng.NextDouble() - 0.5) * 0.06,
            rng.Chance(0.6) ? rng.Pick(Vocabulary.Streets) + " " + rng.Next(1, 120).ToString(CultureInfo.InvariantCulture) : null,
            request ? null : 5 * rng.Next(1, 11), request ? 5 * rng.Next(1, 11) : null,
            category is ListingCategory.Interpreting or ListingCategory.Expertise && rng.Chance(0.3),
            Schedule(Windows(n)), terms, terms == "cost_sharing" ? rng.Next(5, 200) : null,
            terms == "exchange" ? rng.Pick(Vocabulary.Exchanges) : null, request && rng.Chance(0.4) ? 10 * rng.Next(0, 30) : null,
            validUntil, status, status == "closed" ? rng.Pick(CloseReasons) : null,
            createdAt, publishedAt ?? createdAt, publishedAt, status == "draft" ? 1 : 2);
    }

    private static (string Title, string Details) Content(ref Rng rng, ListingCategory category, bool request, int quantity)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            var title = category switch
            {
                ListingCategory.Room => Room(ref rng, json, request),
                ListingCategory.Interpreting => Interpreting(ref rng, json),
                ListingCategory.Equipment => Equipment(ref rng, json, request ? 1 + quantity / 4 : quantity),
                ListingCategory.Vehicle => Vehicle(ref rng, json),
                ListingCategory.Expertise => Expertise(ref rng, json),
                ListingCategory.Other => Other(ref rng, json),
            };
            json.WriteEndObject();
            json.Flush();
            return (title, Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }

    private static string Room(ref Rng rng, Utf8JsonWriter json, bool request)
    {
        json.WriteNumber(request ? "attendees" : "capacity", request ? 5 + (int)(Math.Pow(rng.NextDouble(), 2) * 195) : 10 + (int)(Math.Pow(rng.NextDouble(), 2) * 290));
        if (rng.Chance(0.5))
        {
            json.WriteNumber("areaM2", 20 + rng.Next(280));
        }

        var features = CategoryFields.RoomFeatures;
        var first = rng.Next(features.Count);
        var count = request ? rng.Next(2) : 1 + rng.Next(3);
        if (count > 0)
        {
            json.WriteStartArray("features");
            for (var i = 0; i < count; i++)
            {
                json.WriteStringValue(features[(first + i * 5) % features.Count]);
            }

            json.WriteEndArray();
        }

        return rng.Pick(Vocabulary.Rooms);
    }

    private static string Interpreting(ref Rng rng, Utf8JsonWriter json)
    {
        // Skewed towards the first languages, as the requests in Hesse are.
        var from = Vocabulary.Languages[(int)(Math.Pow(rng.NextDouble(), 1.6) * Vocabulary.Languages.Length)];
        var to = rng.Pick(Vocabulary.TargetLanguages);
        if (to.Code == from.Code)
        {
            to = Vocabulary.TargetLanguages[0];
        }

        json.WriteStartArray("languagePairs");
        json.WriteStartObject();
        json.WriteString("from", from.Code);
        json.WriteString("to", to.Code);
        json.WriteBoolean("oneWay", rng.Chance(0.1));
        json.WriteEndObject();
        json.WriteEndArray();
        var modes = CategoryFields.InterpretingModes;
        var mode = rng.Next(modes.Count);
        json.WriteStartArray("modes");
        json.WriteStringValue(modes[mode]);
        if (rng.Chance(0.3))
        {
            json.WriteStringValue(modes[(mode + 1) % modes.Count]);
        }

        json.WriteEndArray();
        var delivery = rng.Next(4);
        if (delivery > 0)
        {
            json.WriteStartArray("delivery");
            if (delivery != 2)
            {
                json.WriteStringValue("on_site");
            }

            if (delivery != 1)
            {
                json.WriteStringValue("remote");
            }

            json.WriteEndArray();
        }

        return $"Dolmetschen {from.Name}–{to.Name} {rng.Pick(Vocabulary.InterpretingPurposes)}";
    }

    private static string Equipment(ref Rng rng, Utf8JsonWriter json, int quantity)
    {
        var item = rng.Pick(Vocabulary.Equipment);
        json.WriteString("itemType", item.Type);
        json.WriteString("itemTag", item.Tag);
        json.WriteNumber("quantity", quantity);
        return item.Title;
    }

    private static string Vehicle(ref Rng rng, Utf8JsonWriter json)
    {
        var vehicle = rng.Pick(Vocabulary.Vehicles);
        json.WriteNumber("seats", vehicle.Seats);
        json.WriteNumber("cargoVolumeM3", vehicle.Cargo);
        json.WriteBoolean("driverIncluded", rng.Chance(0.4));
        return vehicle.Title;
    }

    private static string Expertise(ref Rng rng, Utf8JsonWriter json)
    {
        var topic = rng.Pick(Vocabulary.Expertise);
        json.WriteStartArray("topics");
        json.WriteStringValue(topic.Topic);
        json.WriteEndArray();
        return topic.Title;
    }

    private static string Other(ref Rng rng, Utf8JsonWriter json)
    {
        var title = rng.Pick(Vocabulary.Other);
        json.WriteString("text", "Nach Absprache, gern auch am Wochenende.");
        return title;
    }

    /// <summary>Postal codes in the ranges of Hesse (34…–36…, 60…–65…) for Hessian places, elsewhere anywhere.</summary>
    private static string PostalCode(ref Rng rng, Place place) =>
        (place.State == "Hessen" ? (rng.Chance(0.5) ? rng.Next(34000, 37000) : rng.Next(60000, 66000)) : rng.Next(1067, 99999))
            .ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>The schedule as the API stores it: its windows, UTC.</summary>
    private static string Schedule(Window[] windows)
    {
        var text = new StringBuilder("{\"windows\":[");
        for (var i = 0; i < windows.Length; i++)
        {
            text.Append(i == 0 ? "" : ",").Append("{\"start\":\"").Append(Instant(windows[i].Start))
                .Append("\",\"end\":\"").Append(Instant(windows[i].End)).Append("\"}");
        }

        return text.Append("]}").ToString();
    }

    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
}
