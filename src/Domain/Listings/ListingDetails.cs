namespace ResourceShare.Domain.Listings;

/// <summary>
/// Interpreting between two languages. Two-way unless <see cref="OneWay"/>: "prs→de" for a written
/// translation only from Dari into German.
/// </summary>
public sealed record LanguagePair(string From, string To, bool OneWay)
{
    /// <summary>
    /// Whether this offered pair serves a needed one: a two-way offer serves both directions; a one-way offer
    /// serves only a one-way need in its own direction.
    /// </summary>
    public bool Serves(LanguagePair needed) =>
        (needed.OneWay || !OneWay)
        && ((From == needed.From && To == needed.To) || (!OneWay && From == needed.To && To == needed.From));
}

/// <summary>
/// The category-specific part of a listing. Which fields a category takes — and what they mean for an
/// offer and for a request — is in <see cref="CategoryFields"/>; the others stay null.
/// </summary>
public sealed record ListingDetails(
    int? Capacity = null,
    int? Attendees = null,
    decimal? AreaM2 = null,
    IReadOnlyList<string>? Features = null,
    IReadOnlyList<LanguagePair>? LanguagePairs = null,
    IReadOnlyList<string>? Modes = null,
    IReadOnlyList<string>? Delivery = null,
    string? ItemType = null,
    string? ItemTag = null,
    int? Quantity = null,
    int? Seats = null,
    decimal? CargoVolumeM3 = null,
    bool? DriverIncluded = null,
    IReadOnlyList<string>? Topics = null,
    string? Text = null);

/// <summary>Vocabularies and limits of the category details, each written once.</summary>
public static class CategoryFields
{
    public static readonly IReadOnlyList<string> RoomFeatures =
    [
        "wheelchair_accessible", "accessible_toilet", "kitchen", "projector", "wifi", "childcare_corner", "parking",
        "stage", "sound_system", "outdoor_area", "prayer_room", "quiet_room",
    ];

    public static readonly IReadOnlyList<string> InterpretingModes = ["consecutive", "simultaneous", "written_translation", "sign_language"];

    public static readonly IReadOnlyList<string> DeliveryModes = ["on_site", "remote"];

    public const int MaxCapacity = 5000;
    public const int MaxAreaM2 = 10000;
    public const int MaxQuantity = 10000;
    public const int MaxSeats = 100;
    public const int MaxCargoVolumeM3 = 100;
    public const int MaxListItems = 20;
    public const int MaxTextLength = 200;
    public const int MaxTopicLength = 40;
    public const string TagPattern = "^[a-z][a-z0-9_]{1,39}$";

    /// <summary>The detail fields (camelCase, as on the wire) that a category takes for an offer or a request.</summary>
    public static IReadOnlyList<string> For(ListingCategory category, ListingKind kind) => (category, kind) switch
    {
        (ListingCategory.Room, ListingKind.Offer) => ["capacity", "areaM2", "features"],
        (ListingCategory.Room, ListingKind.Request) => ["attendees", "areaM2", "features"],
        (ListingCategory.Interpreting, _) => ["languagePairs", "modes", "delivery"],
        (ListingCategory.Equipment, _) => ["itemType", "itemTag", "quantity"],
        (ListingCategory.Vehicle, _) => ["seats", "cargoVolumeM3", "driverIncluded"],
        (ListingCategory.Expertise, _) => ["topics"],
        (ListingCategory.Other, _) => ["text"],
    };

    /// <summary>The detail fields a category requires.</summary>
    public static IReadOnlyList<string> RequiredFor(ListingCategory category, ListingKind kind) => (category, kind) switch
    {
        (ListingCategory.Room, ListingKind.Offer) => ["capacity"],
        (ListingCategory.Room, ListingKind.Request) => ["attendees"],
        (ListingCategory.Interpreting, _) => ["languagePairs", "modes"],
        (ListingCategory.Equipment, _) => ["itemType", "quantity"],
        (ListingCategory.Vehicle, _) => ["seats"],
        (ListingCategory.Expertise, _) => ["topics"],
        (ListingCategory.Other, _) => ["text"],
    };

    /// <summary>The fields of <paramref name="details"/> that are set, as wire names.</summary>
    public static IEnumerable<string> Present(ListingDetails details)
    {
        if (details.Capacity is not null) yield return "capacity";
        if (details.Attendees is not null) yield return "attendees";
        if (details.AreaM2 is not null) yield return "areaM2";
        if (details.Features is not null) yield return "features";
        if (details.LanguagePairs is not null) yield return "languagePairs";
        if (details.Modes is not null) yield return "modes";
        if (details.Delivery is not null) yield return "delivery";
        if (details.ItemType is not null) yield return "itemType";
        if (details.ItemTag is not null) yield return "itemTag";
        if (details.Quantity is not null) yield return "quantity";
        if (details.Seats is not null) yield return "seats";
        if (details.CargoVolumeM3 is not null) yield return "cargoVolumeM3";
        if (details.DriverIncluded is not null) yield return "driverIncluded";
        if (details.Topics is not null) yield return "topics";
        if (details.Text is not null) yield return "text";
    }
}
