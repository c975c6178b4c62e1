using System.Text.Json;
using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Listings;
using ResourceShare.Infrastructure.Listings;

namespace ResourceShare.Api.Listings;

public sealed record ListingPlaceResponse(
    string PostalCode, string City, double Latitude, double Longitude, string? StreetAddress,
    decimal? ServiceRadiusKm, decimal? MaxDistanceKm, bool RemoteOk);

public sealed record ListingTermsResponse(TermsKind Kind, decimal? CostEur, string? ExchangeFor, decimal? MaxBudgetEur);

/// <summary>
/// A listing. place.streetAddress is present only for the listing's own association and moderators (later
/// also matched partners); everybody else sees null.
/// </summary>
public sealed record ListingResponse(
    Guid Id, Guid AssociationId, string AssociationName, VerificationStatus AssociationVerificationStatus,
    ListingKind Kind, ListingCategory Category, string Title, string Description, string ContentLanguage,
    ListingDetailsDto Details, ListingPlaceResponse Place, ScheduleDto Schedule, bool Recurring, ListingTermsResponse Terms,
    DateTimeOffset ValidUntil, ListingStatus Status, CloseReason? CloseReason, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt)
{
    public static ListingResponse From(ListingRow listing) => new(
        listing.Id, listing.AssociationId, listing.AssociationName, listing.AssociationStatus, listing.Kind, listing.Category, listing.Title, listing.Description, listing.ContentLanguage,
        JsonSerializer.Deserialize(listing.Details, ListingStorageJson.Default.ListingDetailsDto)!,
        new ListingPlaceResponse(listing.PostalCode, listing.City, listing.Latitude, listing.Longitude, listing.StreetAddress, listing.ServiceRadiusKm, listing.MaxDistanceKm, listing.RemoteOk),
        JsonSerializer.Deserialize(listing.Schedule, ListingStorageJson.Default.ScheduleDto)!,
        listing.Recurring,
        new ListingTermsResponse(listing.Terms, listing.CostEur, listing.ExchangeFor, listing.MaxBudgetEur),
        listing.ValidUntil, listing.Status, listing.CloseReason, listing.CreatedAt, listing.UpdatedAt, listing.PublishedAt);
}

public sealed record ListingPage(IReadOnlyList<ListingResponse> Items, string? NextCursor);

public sealed record CategoryResponse(ListingCategory Id, string NameEn, string NameDe, IReadOnlyList<string> OfferFields,
    IReadOnlyList<string> RequestFields, IReadOnlyList<string> RequiredOfferFields, IReadOnlyList<string> RequiredRequestFields,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Vocabularies);

public sealed record CategoryListResponse(IReadOnlyList<CategoryResponse> Items);
