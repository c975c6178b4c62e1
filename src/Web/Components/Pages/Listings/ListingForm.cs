using System.Globalization;
using ResourceShare.Web.Api;
using ResourceShare.Web.ApiClient.Models;
using ResourceShare.Web.Texts;

namespace ResourceShare.Web.Components.Pages.Listings;

/// <summary>
/// An offer or request as its form holds it: text as typed, posted under the API's field paths (<c>title</c>,
/// <c>details.capacity</c>, <c>place.postalCode</c>, …), so that the API's errors land on the right field.
/// Which detail fields a listing has comes from the category (GET /api/v1/categories).
/// </summary>
public sealed class ListingForm
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public string Kind { get; init; } = "offer";
    public string Category { get; init; } = "";
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public string ContentLanguage { get; init; } = "de";
    public Dictionary<string, List<string>> Details { get; init; } = [];
    public List<LanguagePairRow> LanguagePairs { get; init; } = [];
    public string PostalCode { get; init; } = "";
    public string City { get; init; } = "";
    public string StreetAddress { get; init; } = "";
    public string ReachKm { get; init; } = "";
    public bool RemoteOk { get; init; }
    public ScheduleForm Schedule { get; init; } = ScheduleForm.Empty();
    public string TermsKind { get; init; } = "free";
    public string CostEur { get; init; } = "";
    public string ExchangeFor { get; init; } = "";
    public string MaxBudgetEur { get; init; } = "";
    public string ValidUntil { get; init; } = "";

    public sealed record LanguagePairRow(string From, string To, bool OneWay);

    /// <summary>The reach field: how far an offerer travels, or how far a requester does.</summary>
    public string ReachPath => Kind == "request" ? "place.maxDistanceKm" : "place.serviceRadiusKm";

    public static ListingForm New(string kind, string category) => new()
    {
        Kind = kind,
        Category = category,
        LanguagePairs = [new LanguagePairRow("", "de", false)],
    };

    public static ListingForm FromForm(IFormCollection form, string kind, string category)
    {
        var details = form.Keys.Where(key => key.StartsWith("details.", StringComparison.Ordinal) && !key.StartsWith("details.languagePairs", StringComparison.Ordinal))
            .ToDictionary(key => key["details.".Length..], key => form[key].OfType<string>().ToList());
        var pairs = new List<LanguagePairRow>();
        for (var i = 0; form.ContainsKey($"details.languagePairs[{i}].from"); i++)
        {
            var prefix = $"details.languagePairs[{i}]";
            pairs.Add(new LanguagePairRow(form[prefix + ".from"].ToString(), form[prefix + ".to"].ToString(), form[prefix + ".oneWay"] == "true"));
        }

        var reach = kind == "request" ? "place.maxDistanceKm" : "place.serviceRadiusKm";
        return new ListingForm
        {
            Kind = kind,
            Category = category,
            Title = form["title"].ToString(),
            Description = form["description"].ToString(),
            ContentLanguage = form["contentLanguage"].ToString(),
            Details = details,
            LanguagePairs = pairs,
            PostalCode = form["place.postalCode"].ToString(),
            City = form["place.city"].ToString(),
            StreetAddress = form["place.streetAddress"].ToString(),
            ReachKm = form[reach].ToString(),
            RemoteOk = form["place.remoteOk"] == "true",
            Schedule = ScheduleForm.FromForm(form),
            TermsKind = form["terms.kind"].ToString(),
            CostEur = form["terms.costEur"].ToString(),
            ExchangeFor = form["terms.exchangeFor"].ToString(),
            MaxBudgetEur = form["terms.maxBudgetEur"].ToString(),
            ValidUntil = form["validUntil"].ToString(),
        };
    }

    public static ListingForm FromListing(ListingResponse listing)
    {
        var d = listing.Details ?? new ListingDetailsDto();
        var details = new Dictionary<string, List<string>>();
        void Put(string field, object? value)
        {
            switch (value)
            {
                case null:
                    break;
                case string text:
                    details[field] = [text];
                    break;
                case System.Collections.IEnumerable items:
                    details[field] = items.Cast<object?>().OfType<object>().Select(item => item is Enum e ? Wire.Name(e) : item.ToString()!).ToList();
                    break;
                case bool flag:
                    details[field] = [flag ? "true" : "false"];
                    break;
                case IFormattable number:
                    details[field] = [number.ToString(null, Invariant)];
                    break;
            }
        }

        Put("capacity", d.Capacity);
        Put("attendees", d.Attendees);
        Put("areaM2", d.AreaM2);
        Put("features", d.Features);
        Put("modes", d.Modes);
        Put("delivery", d.Delivery);
        Put("itemType", d.ItemType);
        Put("itemTag", d.ItemTag);
        Put("quantity", d.Quantity);
        Put("seats", d.Seats);
        Put("cargoVolumeM3", d.CargoVolumeM3);
        Put("driverIncluded", d.DriverIncluded);
        Put("text", d.Text);
        if (d.Topics is { Count: > 0 } topics)
        {
            details["topics"] = [string.Join(", ", topics)];
        }

        var kind = Wire.Of(listing.Kind) ?? "offer";
        var place = listing.Place;
        return new ListingForm
        {
            Kind = kind,
            Category = Wire.Of(listing.Category) ?? "",
            Title = listing.Title ?? "",
            Description = listing.Description ?? "",
            ContentLanguage = listing.ContentLanguage ?? "de",
            Details = details,
            LanguagePairs = (d.LanguagePairs ?? []).Select(p => new LanguagePairRow(p.From ?? "", p.To ?? "", p.OneWay == true)).ToList(),
            PostalCode = place?.PostalCode ?? "",
            City = place?.City ?? "",
            StreetAddress = place?.StreetAddress ?? "",
            ReachKm = Number(kind == "request" ? place?.MaxDistanceKm : place?.ServiceRadiusKm),
            RemoteOk = place?.RemoteOk == true,
            Schedule = ScheduleForm.From(listing.Schedule),
            TermsKind = Wire.Of(listing.Terms?.Kind) ?? "free",
            CostEur = Number(listing.Terms?.CostEur),
            ExchangeFor = listing.Terms?.ExchangeFor ?? "",
            MaxBudgetEur = Number(listing.Terms?.MaxBudgetEur),
            ValidUntil = listing.ValidUntil is { } until ? Berlin.Local(until).ToString("yyyy-MM-dd") : "",
        };
    }

    public string Detail(string field) => Details.TryGetValue(field, out var values) ? values.FirstOrDefault() ?? "" : "";

    public IReadOnlyCollection<string> DetailValues(string field) => Details.TryGetValue(field, out var values) ? values : [];

    public CreateListingRequest ToCreate(Guid associationId, Dictionary<string, IReadOnlyList<string>> unreadable) => new()
    {
        AssociationId = associationId,
        Kind = Wire.Parse<ListingKind>(Kind),
        Category = Wire.Parse<ListingCategory>(Category),
        Title = Title,
        Description = Description,
        ContentLanguage = ContentLanguage,
        Details = DetailsDto(unreadable),
        Place = PlaceDto(unreadable),
        Schedule = Schedule.ToDto(unreadable),
        Terms = TermsDto(unreadable),
        ValidUntil = ValidUntilInstant(),
    };

    public UpdateListingRequest ToUpdate(Dictionary<string, IReadOnlyList<string>> unreadable) => new()
    {
        Title = Title,
        Description = Description,
        ContentLanguage = ContentLanguage,
        Details = DetailsDto(unreadable),
        Place = PlaceDto(unreadable),
        Schedule = Schedule.ToDto(unreadable),
        Terms = TermsDto(unreadable),
        ValidUntil = ValidUntilInstant(),
    };

    /// <summary>Every field as a line of text, for telling which ones differ between two versions of a listing.</summary>
    public IReadOnlyDictionary<string, string> Snapshot()
    {
        var fields = new Dictionary<string, string>
        {
            ["title"] = Title,
            ["description"] = Description,
            ["contentLanguage"] = Labels.Language(ContentLanguage),
            ["place"] = $"{PostalCode} {City}".Trim() + (StreetAddress.Length > 0 ? $", {StreetAddress}" : "")
                + (ReachKm.Length > 0 ? $", {ReachKm} km" : "") + (RemoteOk ? Tr.T(", auch aus der Ferne", ", remote too") : ""),
            ["schedule"] = string.Join("; ", Schedule.Describe()),
            ["terms"] = Labels.Of(TermsKind) + (CostEur.Length > 0 ? $" {CostEur} €" : "") + (ExchangeFor.Length > 0 ? $": {ExchangeFor}" : "")
                + (MaxBudgetEur.Length > 0 ? Tr.T($", Budget {MaxBudgetEur} €", $", budget €{MaxBudgetEur}") : ""),
            ["validUntil"] = ValidUntil,
        };
        foreach (var (field, values) in Details.Where(d => d.Value.Count > 0).OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            fields["details." + field] = string.Join(", ", values.Select(Labels.Of));
        }

        fields["details.languagePairs"] = string.Join(", ", LanguagePairs.Where(p => p.From.Length > 0).Select(p => $"{p.From}{(p.OneWay ? "→" : "↔")}{p.To}"));
        return fields;
    }

    /// <summary>A field's name for people, for the list of what another person changed.</summary>
    public static string FieldName(string path) => path switch
    {
        "title" => Tr.T("Titel", "Title"),
        "description" => Tr.T("Beschreibung", "Description"),
        "contentLanguage" => Tr.T("Sprache der Anzeige", "Language of the listing"),
        "place" => Tr.T("Ort", "Place"),
        "schedule" => Tr.T("Zeiten", "Times"),
        "terms" => Tr.T("Bedingungen", "Terms"),
        "validUntil" => Tr.T("Gültig bis", "Valid until"),
        _ when path.StartsWith("details.", StringComparison.Ordinal) => Labels.Field(path["details.".Length..]),
        _ => path,
    };

    private ListingDetailsDto DetailsDto(Dictionary<string, IReadOnlyList<string>> unreadable)
    {
        int? Int(string field) => ParseNumber(field, unreadable, out var value) ? (int?)value : null;
        double? Double(string field) => ParseNumber(field, unreadable, out var value) ? value : null;
        string? Text(string field) => Detail(field) is { Length: > 0 } text ? text : null;
        List<T?>? Enums<T>(string field) where T : struct, Enum =>
            Details.ContainsKey(field) ? DetailValues(field).Select(Wire.Parse<T>).Where(v => v is not null).ToList() : null;

        var pairs = LanguagePairs.Where(p => p.From.Length > 0 || p.To.Length > 0)
            .Select(p => new LanguagePairDto { From = p.From, To = p.To, OneWay = p.OneWay }).ToList();
        return new ListingDetailsDto
        {
            Capacity = Int("capacity"),
            Attendees = Int("attendees"),
            AreaM2 = Double("areaM2"),
            Features = Enums<ListingDetailsDto_features>("features"),
            LanguagePairs = Category == "interpreting" ? pairs : null,
            Modes = Enums<ListingDetailsDto_modes>("modes"),
            Delivery = Enums<ListingDetailsDto_delivery>("delivery"),
            ItemType = Text("itemType"),
            ItemTag = Text("itemTag"),
            Quantity = Int("quantity"),
            Seats = Int("seats"),
            CargoVolumeM3 = Double("cargoVolumeM3"),
            DriverIncluded = Details.ContainsKey("driverIncluded") ? DetailValues("driverIncluded").Contains("true") : null,
            Topics = Text("topics")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
            Text = Text("text"),
        };
    }

    private PlaceDto PlaceDto(Dictionary<string, IReadOnlyList<string>> unreadable)
    {
        var reach = Parse(ReachKm, ReachPath, unreadable);
        return new PlaceDto
        {
            PostalCode = PostalCode.Trim(),
            City = City.Trim(),
            StreetAddress = StreetAddress.Trim() is { Length: > 0 } street ? street : null,
            ServiceRadiusKm = Kind == "offer" ? reach : null,
            MaxDistanceKm = Kind == "request" ? reach : null,
            RemoteOk = RemoteOk,
        };
    }

    private TermsDto TermsDto(Dictionary<string, IReadOnlyList<string>> unreadable) => new()
    {
        Kind = Wire.Parse<TermsKind>(TermsKind),
        CostEur = TermsKind == "cost_sharing" ? Parse(CostEur, "terms.costEur", unreadable) : null,
        ExchangeFor = TermsKind == "exchange" && ExchangeFor.Trim().Length > 0 ? ExchangeFor.Trim() : null,
        MaxBudgetEur = Kind == "request" ? Parse(MaxBudgetEur, "terms.maxBudgetEur", unreadable) : null,
    };

    private DateTimeOffset? ValidUntilInstant() =>
        DateOnly.TryParseExact(ValidUntil, "yyyy-MM-dd", out var date) ? Berlin.Instant(date.AddDays(1), TimeOnly.MinValue) : null;

    private bool ParseNumber(string field, Dictionary<string, IReadOnlyList<string>> unreadable, out double value)
    {
        var parsed = Parse(Detail(field), "details." + field, unreadable);
        value = parsed ?? 0;
        return parsed is not null;
    }

    private static double? Parse(string text, string path, Dictionary<string, IReadOnlyList<string>> unreadable)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (double.TryParse(text.Replace(',', '.'), NumberStyles.Float, Invariant, out var value))
        {
            return value;
        }

        unreadable[path] = [Tr.T("Bitte eine Zahl angeben.", "Please give a number.")];
        return null;
    }

    private static string Number(double? value) => value?.ToString(Invariant) ?? "";
}
