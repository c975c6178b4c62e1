namespace ResourceShare.Domain.Listings;

/// <summary>Limits of a listing, each written once.</summary>
public static class ListingRules
{
    public const int TitleMaxLength = 120;
    public const int DescriptionMaxLength = 4000;
    public const int StreetAddressMaxLength = 200;
    public const int CityMaxLength = 100;
    public const int ExchangeMaxLength = 500;
    public const int MaxRadiusKm = 1000;
    public const int MaxCostEur = 100_000;
    public const int DefaultValidDays = 90;
    public const int MaxValidDays = 366;

    /// <summary>"Still current" moves validUntil this many days later (a new listing's default validity), to at most MaxValidDays from now.</summary>
    public const int ExtensionDays = DefaultValidDays;
}
