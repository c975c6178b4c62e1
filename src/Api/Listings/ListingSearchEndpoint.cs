using System.ComponentModel;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Api.Http;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Common;
using ResourceShare.Domain.Listings;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Listings;
using ResourceShare.Infrastructure.Places;

namespace ResourceShare.Api.Listings;

public sealed record ListingSearchQuery(
    [property: FromQuery(Name = "kind")] string? Kind,
    [property: FromQuery(Name = "category")] string? Category,
    [property: FromQuery(Name = "q")] string? Q,
    [property: FromQuery(Name = "near")] string? Near,
    [property: FromQuery(Name = "lat")] double? Lat,
    [property: FromQuery(Name = "lon")] double? Lon,
    [property: FromQuery(Name = "radiusKm")] double? RadiusKm,
    [property: FromQuery(Name = "freeFrom")] DateTimeOffset? FreeFrom,
    [property: FromQuery(Name = "freeTo")] DateTimeOffset? FreeTo,
    [property: FromQuery(Name = "language")] string? Language,
    [property: FromQuery(Name = "minCapacity")] int? MinCapacity,
    [property: FromQuery(Name = "freeOnly")] bool? FreeOnly,
    [property: FromQuery(Name = "verifiedOnly")] bool? VerifiedOnly,
    [property: FromQuery(Name = "associationId")] Guid? AssociationId,
    [property: FromQuery(Name = "sort")] string? Sort,
    [property: FromQuery(Name = "limit")] int? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor) : ISearchFilters
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = ListingSearch.MaxRows - 1;
    public const double DefaultRadiusKm = 25;
    public const int MaxQueryLength = 200;
    public const int MaxRangeDays = 366;
}

/// <summary>A language filter: "de-ti" for both directions, "prs>de" for one direction only.</summary>
public static partial class LanguageFilter
{
    public static string[]? Edges(string? text)
    {
        var match = text is null ? null : Shape().Match(text);
        if (match is not { Success: true })
        {
            return null;
        }

        var a = LanguageTags.Normalize(match.Groups["a"].Value);
        var b = LanguageTags.Normalize(match.Groups["b"].Value);
        if (a is null || b is null || a == b)
        {
            return null;
        }

        return match.Groups["dir"].Value == ">" ? [$"{a}>{b}"] : [$"{a}>{b}", $"{b}>{a}"];
    }

    [GeneratedRegex("^(?<a>[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?)(?<dir>[-~>])(?<b>[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?)$")]
    private static partial Regex Shape();
}

/// <summary>The filters of a listing search, as GET /listings takes them and a saved search keeps them.</summary>
public interface ISearchFilters
{
    string? Kind { get; }
    string? Category { get; }
    string? Q { get; }
    string? Near { get; }
    double? Lat { get; }
    double? Lon { get; }
    double? RadiusKm { get; }
    DateTimeOffset? FreeFrom { get; }
    DateTimeOffset? FreeTo { get; }
    string? Language { get; }
    int? MinCapacity { get; }
}

/// <summary>The rules of the search filters, for every type that carries them.</summary>
public sealed class SearchFiltersValidator<T> : AbstractValidator<T>
    where T : ISearchFilters
{
    public SearchFiltersValidator()
    {
        RuleFor(x => x.Kind).IsWireValueOf<T, ListingKind>();
        RuleFor(x => x.Category).IsWireValueOf<T, ListingCategory>();
        RuleFor(x => x.Q).MaximumLength(ListingSearchQuery.MaxQueryLength);
        RuleFor(x => x.Near).MaximumLength(ListingRules.CityMaxLength);
        RuleFor(x => x.Lat).InclusiveBetween(-90, 90);
        RuleFor(x => x.Lon).InclusiveBetween(-180, 180);
        RuleFor(x => x.Lon).NotNull().When(x => x.Lat is not null)
            .WithMessage(_ => new UserText("Give lat and lon together.", "Geben Sie lat und lon zusammen an.").ToString());
        RuleFor(x => x.Lat).NotNull().When(x => x.Lon is not null)
            .WithMessage(_ => new UserText("Give lat and lon together.", "Geben Sie lat und lon zusammen an.").ToString());
        RuleFor(x => x.Near).Null().When(x => x.Lat is not null)
            .WithMessage(_ => new UserText("Give a place name or coordinates, not both.", "Geben Sie einen Ort oder Koordinaten an, nicht beides.").ToString());
        RuleFor(x => x.RadiusKm).InclusiveBetween(0.1, ListingRules.MaxRadiusKm);
        RuleFor(x => x.FreeTo).NotNull().When(x => x.FreeFrom is not null)
            .WithMessage(_ => new UserText("Give freeFrom and freeTo together.", "Geben Sie freeFrom und freeTo zusammen an.").ToString());
        RuleFor(x => x.FreeFrom).NotNull().When(x => x.FreeTo is not null)
            .WithMessage(_ => new UserText("Give freeFrom and freeTo together.", "Geben Sie freeFrom und freeTo zusammen an.").ToString());
        RuleFor(x => x.FreeTo).Must((q, to) => to is null || q.FreeFrom is null || (to > q.FreeFrom && to - q.FreeFrom <= TimeSpan.FromDays(ListingSearchQuery.MaxRangeDays)))
            .WithMessage(_ => new UserText($"Must be after freeFrom, at most {ListingSearchQuery.MaxRangeDays} days later.",
                $"Muss nach freeFrom liegen, höchstens {ListingSearchQuery.MaxRangeDays} Tage später.").ToString());
        RuleFor(x => x.Language).MaximumLength(2 * LanguageTags.MaxLength + 1);
        RuleFor(x => x.Language).Must(l => l is null || LanguageFilter.Edges(l) is not null)
            .WithMessage(_ => new UserText("A language pair: de-ti (both directions) or prs>de (one direction).",
                "Ein Sprachpaar: de-ti (beide Richtungen) oder prs>de (eine Richtung).").ToString());
        RuleFor(x => x.MinCapacity).InclusiveBetween(1, CategoryFields.MaxCapacity);
    }
}

public sealed class ListingSearchQueryValidator : AbstractValidator<ListingSearchQuery>
{
    public ListingSearchQueryValidator()
    {
        Include(new SearchFiltersValidator<ListingSearchQuery>());
        RuleFor(x => x.Sort).IsWireValueOf<ListingSearchQuery, ListingSort>();
        RuleFor(x => x.Limit).InclusiveBetween(1, ListingSearchQuery.MaxLimit);
        RuleFor(x => x.Cursor).MaximumLength(500);
        RuleFor(x => x.Sort).Must((q, sort) => sort != "relevance" || !string.IsNullOrWhiteSpace(q.Q))
            .WithMessage(_ => new UserText("Sorting by relevance needs a text query (q).", "Sortieren nach Relevanz braucht eine Textsuche (q).").ToString());
        RuleFor(x => x.Sort).Must((q, sort) => sort != "distance" || q.Near is not null || q.Lat is not null)
            .WithMessage(_ => new UserText("Sorting by distance needs near or lat/lon.", "Sortieren nach Entfernung braucht near oder lat/lon.").ToString());
    }
}

public sealed record ListingSearchHit(ListingResponse Listing, double? DistanceKm, double? Relevance);

public sealed record ListingSearchResponse(
    IReadOnlyList<ListingSearchHit> Items,
    string? NextCursor,
    [property: Description(
        "Per category, how many published listings match the same filter with the category left out. Exact when the filter " +
        "has no more than kind, category and a q of one word, or when at most categoryCountsCap listings match; otherwise " +
        "counting stopped after that many hits and each count is a lower bound (categoryCountsExact false).")]
    IReadOnlyDictionary<string, int> CategoryCounts,
    [property: Description("False when categoryCounts are lower bounds: more than categoryCountsCap listings matched a filter beyond kind, category and one word.")]
    bool CategoryCountsExact,
    [property: Description("When the counts are lower bounds, the number of hits after which counting stopped (1000); null when they are exact.")]
    int? CategoryCountsCap);

public static class ListingSearchEndpoint
{
    private static readonly UserText UnknownPlace = new("No German place of this name.", "Kein deutscher Ort dieses Namens.");

    public static RouteHandlerBuilder MapListingSearch(this RouteGroupBuilder group) =>
        group.MapGet("/", SearchAsync).AllowAnonymous()
            .WithName("SearchListings").WithSummary("Search published listings")
            .WithDescription("Filters: kind, category, q (German full text, accent-insensitive), near (a place name) or lat/lon within " +
                             "radiusKm (default 25), freeFrom/freeTo (available for the whole range), language (de-ti or prs>de), " +
                             "minCapacity, freeOnly, verifiedOnly, associationId. Sort: newest (default), relevance (with q), distance " +
                             "(with near or lat/lon). Cursor-paged. categoryCounts counts every category for the same filter: exactly when the " +
                             "filter is kind and category alone (browsing) or those and a q of one word (Räume counts every listing with Raum), " +
                             "and otherwise exactly up to 1,000 matching listings, beyond which the counts are lower bounds " +
                             "(categoryCountsExact false, categoryCountsCap 1000).");

    private static async Task<Results<Ok<ListingSearchResponse>, ValidationProblem>> SearchAsync(
        [AsParameters] ListingSearchQuery query, Caller caller, ListingSearch search, PlaceStore places, CancellationToken ct)
    {
        if (!Cursor.TryDecode(query.Cursor, ApiJsonContext.Default.SearchPosition, out var after))
        {
            return Problems.Validation(Cursor.InvalidError());
        }

        var (filter, unknownPlace) = await FilterAsync(query, "near", places, ct);
        if (filter is null)
        {
            return unknownPlace!;
        }

        var sort = query.Sort is null ? ListingSort.Newest : EnumText<ListingSort>.Parse(query.Sort);
        var limit = query.Limit ?? ListingSearchQuery.DefaultLimit;
        var result = await search.SearchAsync(filter, sort, after, limit + 1, caller, ct);

        var page = result.Hits.Take(limit).ToList();
        string? next = null;
        if (result.Hits.Count > limit)
        {
            var last = page[^1];
            next = Cursor.Encode(new SearchPosition(last.Row.PublishedAt, last.Rank, last.DistanceKm, last.Row.Id), ApiJsonContext.Default.SearchPosition);
        }

        return TypedResults.Ok(new ListingSearchResponse(
            page.Select(h => new ListingSearchHit(ListingResponse.From(h.Row), h.DistanceKm is { } d ? Math.Round(d, 2) : null, h.Rank)).ToList(),
            next,
            Enum.GetValues<ListingCategory>().ToDictionary(EnumText<ListingCategory>.Of, c => result.CategoryCounts.GetValueOrDefault(c)),
            result.CountCap is null,
            result.CountCap));
    }

    /// <summary>
    /// The filter of a validated query, with a place name resolved to its coordinates; a place the gazetteer does not
    /// know is a validation problem of <paramref name="nearField"/>. Saved searches keep their filters through this too.
    /// </summary>
    public static async Task<(ListingFilter? Filter, ValidationProblem? UnknownPlace)> FilterAsync(
        ListingSearchQuery query, string nearField, PlaceStore places, CancellationToken ct)
    {
        GeoCircle? near = null;
        var radius = query.RadiusKm ?? ListingSearchQuery.DefaultRadiusKm;
        if (query.Lat is { } lat && query.Lon is { } lon)
        {
            near = new GeoCircle(lat, lon, radius);
        }
        else if (!string.IsNullOrWhiteSpace(query.Near))
        {
            var place = await places.ResolveAsync(query.Near, ct);
            if (place is null)
            {
                return (null, Problems.Validation(new Dictionary<string, string[]> { [nearField] = [UnknownPlace.ToString()] }));
            }

            near = new GeoCircle(place.Latitude, place.Longitude, radius);
        }

        var text = string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim();
        return (new ListingFilter(
            query.Kind is null ? null : EnumText<ListingKind>.Parse(query.Kind),
            query.Category is null ? null : EnumText<ListingCategory>.Parse(query.Category),
            text, near, query.FreeFrom, query.FreeTo, LanguageFilter.Edges(query.Language), query.MinCapacity,
            query.FreeOnly ?? false, query.VerifiedOnly ?? false, query.AssociationId), null);
    }
}
