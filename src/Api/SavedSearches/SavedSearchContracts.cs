using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using ResourceShare.Api.Http;
using ResourceShare.Api.Listings;
using ResourceShare.Domain.SavedSearches;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.SavedSearches;

namespace ResourceShare.Api.SavedSearches;

/// <summary>A search to keep: a name, the filters of GET /listings, where its finds go and how often.</summary>
public sealed record SaveSearchRequest(
    string? Name,
    [property: Description("The filters of GET /listings, by the same names and rules.")]
    SavedSearchFilters? Filters,
    [property: Description("email (to you) or webhook (to the association's endpoints that chose saved_search_matched; owners and coordinators only).")]
    string? Channel,
    [property: Description("immediately, daily or weekly: how often new finds are sent, collected into one message per period.")]
    string? Rhythm);

/// <summary>
/// The filters of a saved search, by the names of GET /listings; those not given are null, and kind and category are
/// left out then (their schema lists the values they take, which null is not).
/// </summary>
public sealed record SavedSearchFilters(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Category,
    string? Q, string? Near, double? Lat, double? Lon, double? RadiusKm, DateTimeOffset? FreeFrom,
    DateTimeOffset? FreeTo, string? Language, int? MinCapacity, bool? FreeOnly, bool? VerifiedOnly, Guid? AssociationId) : ISearchFilters
{
    public static SavedSearchFilters From(ListingSearchQuery q) => new(
        q.Kind, q.Category, q.Q, q.Near, q.Lat, q.Lon, q.RadiusKm, q.FreeFrom, q.FreeTo, q.Language, q.MinCapacity, q.FreeOnly, q.VerifiedOnly,
        q.AssociationId);

    /// <summary>The filters as GET /listings takes them, newest first, without a page.</summary>
    public ListingSearchQuery ToQuery() => new(
        Kind, Category, Q, Near, Lat, Lon, RadiusKm, FreeFrom, FreeTo, Language, MinCapacity, FreeOnly, VerifiedOnly, AssociationId, null, null, null);
}

public sealed record SavedSearchResponse(
    Guid Id,
    Guid AssociationId,
    [property: Description("Whether you saved it; owners and coordinators also see the webhook searches of other members.")]
    bool Mine,
    string Name,
    SavedSearchFilters Filters,
    string Channel,
    string Rhythm,
    [property: Description("For daily and weekly searches, when the finds collected so far are sent; null for immediately.")]
    DateTimeOffset? NextDueAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static SavedSearchResponse From(SavedSearchRow row, Guid? caller) => new(
        row.Id, row.AssociationId, row.UserId == caller, row.Name,
        SavedSearchFilters.From(JsonSerializer.Deserialize(row.Filters, ApiJsonContext.Default.ListingSearchQuery)!),
        EnumText<SavedSearchChannel>.Of(row.Channel), EnumText<SavedSearchRhythm>.Of(row.Rhythm),
        row.Rhythm == SavedSearchRhythm.Immediately ? null : Utc(row.NextDueAt), Utc(row.CreatedAt), Utc(row.UpdatedAt));

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}

public sealed record SavedSearchListResponse(IReadOnlyList<SavedSearchResponse> Items);

public sealed class SaveSearchRequestValidator : AbstractValidator<SaveSearchRequest>
{
    public SaveSearchRequestValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(SavedSearchRules.NameMaxLength);
        RuleFor(x => x.Filters).NotNull();
        RuleFor(x => x.Filters!).SetValidator(new SearchFiltersValidator<SavedSearchFilters>());
        RuleFor(x => x.Channel).NotEmpty().IsWireValueOf<SaveSearchRequest, SavedSearchChannel>();
        RuleFor(x => x.Rhythm).NotEmpty().IsWireValueOf<SaveSearchRequest, SavedSearchRhythm>();
    }
}
