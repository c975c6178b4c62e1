using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Domain.Listings;

namespace ResourceShare.Api.Listings;

public sealed record LanguagePairDto(string? From, string? To, bool? OneWay);

/// <summary>
/// Category details. Each category takes its own fields (GET /api/v1/categories lists them): room —
/// capacity (offer) or attendees (request), areaM2, features; interpreting — languagePairs, modes, delivery;
/// equipment — itemType, itemTag, quantity; vehicle — seats, cargoVolumeM3, driverIncluded; expertise —
/// topics; other — text. Fields of another category are refused.
/// </summary>
public sealed record ListingDetailsDto(
    int? Capacity = null,
    int? Attendees = null,
    decimal? AreaM2 = null,
    string[]? Features = null,
    LanguagePairDto[]? LanguagePairs = null,
    string[]? Modes = null,
    string[]? Delivery = null,
    string? ItemType = null,
    string? ItemTag = null,
    int? Quantity = null,
    int? Seats = null,
    decimal? CargoVolumeM3 = null,
    bool? DriverIncluded = null,
    string[]? Topics = null,
    string? Text = null);

/// <summary>
/// Where: postal code and city, coordinates (resolved from the city through the gazetteer when left out),
/// an optional street address shown only to the association itself, moderators and matched partners, and
/// reach: an offer's serviceRadiusKm, a request's maxDistanceKm, remoteOk.
/// </summary>
public sealed record PlaceDto(
    string? PostalCode, string? City, double? Latitude, double? Longitude, string? StreetAddress,
    decimal? ServiceRadiusKm, decimal? MaxDistanceKm, bool? RemoteOk);

public sealed record WindowDto(DateTimeOffset? Start, DateTimeOffset? End);

/// <summary>A weekly rule in Europe/Berlin local time, e.g. Tuesdays 18:00–21:00 from a date to a date.</summary>
public sealed record WeeklyRuleDto(string[]? Days, string? From, string? To, DateOnly? StartDate, DateOnly? EndDate, DateOnly[]? ExcludedDates);

/// <summary>
/// When. An offer: its availability as concrete windows and/or weekly rules. A request: the windows it
/// needs — alternatives, any one will do — or one weekly rule for a recurring need (every occurrence).
/// </summary>
public sealed record ScheduleDto(WindowDto[]? Windows, WeeklyRuleDto[]? Weekly);

/// <summary>free; cost_sharing with costEur; exchange with exchangeFor. A request may set maxBudgetEur (0 = free only).</summary>
public sealed record TermsDto(TermsKind? Kind, decimal? CostEur, string? ExchangeFor, decimal? MaxBudgetEur);

public sealed record CreateListingRequest(
    Guid? AssociationId, ListingKind? Kind, ListingCategory? Category, string? Title, string? Description, string? ContentLanguage,
    ListingDetailsDto? Details, PlaceDto? Place, ScheduleDto? Schedule, TermsDto? Terms, DateTimeOffset? ValidUntil);

/// <summary>Fields left out stay as they are; details, place, schedule and terms are replaced as a whole when given.</summary>
public sealed record UpdateListingRequest(
    string? Title, string? Description, string? ContentLanguage, ListingDetailsDto? Details, PlaceDto? Place,
    ScheduleDto? Schedule, TermsDto? Terms, DateTimeOffset? ValidUntil);

public sealed record CloseListingRequest(CloseReason? Reason);

public sealed record StillCurrentQuery([property: FromQuery(Name = "token")] string? Token);

public sealed class StillCurrentQueryValidator : AbstractValidator<StillCurrentQuery>
{
    public StillCurrentQueryValidator() => RuleFor(x => x.Token).NotEmpty().MaximumLength(StillCurrentTokens.MaxLength);
}
