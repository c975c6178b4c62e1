using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using ResourceShare.Web.Api;
using ResourceShare.Web.ApiClient.Api.V1.Listings;
using ResourceShare.Web.ApiClient.Models;
using ResourceShare.Web.Texts;

namespace ResourceShare.Web.Components.Pages.Search;

/// <summary>
/// The search page's filters as its form sends them (dates as Berlin days, the language pair as two choices), and
/// the same filters as the API takes them: for a search now, for a search saved, and back from a saved one to a link.
/// </summary>
public sealed record SearchFilter(
    string? Q, string? Kind, string? Category, string? Near, int? RadiusKm, string? From, string? To, string? Lang1, string? Lang2,
    int? MinCapacity, bool? FreeOnly, bool? VerifiedOnly)
{
    public void Apply(ListingsRequestBuilder.ListingsRequestBuilderGetQueryParameters query)
    {
        query.Q = Blank(Q);
        query.Kind = Wire.Parse<GetKindQueryParameterType>(Kind);
        query.Category = Wire.Parse<GetCategoryQueryParameterType>(Category);
        query.Near = Blank(Near);
        query.RadiusKm = Blank(Near) is null ? null : RadiusKm;
        query.FreeFrom = FreeFrom;
        query.FreeTo = FreeTo;
        query.Language = Language;
        query.MinCapacity = MinCapacity;
        query.FreeOnly = FreeOnly == true ? true : null;
        query.VerifiedOnly = VerifiedOnly == true ? true : null;
    }

    public SavedSearchFilters ToSaved() => new()
    {
        Q = Blank(Q),
        Kind = Wire.Parse<SavedSearchFilters_kind>(Kind),
        Category = Wire.Parse<SavedSearchFilters_category>(Category),
        Near = Blank(Near),
        RadiusKm = Blank(Near) is null ? null : RadiusKm,
        FreeFrom = FreeFrom,
        FreeTo = FreeTo,
        Language = Language,
        MinCapacity = MinCapacity,
        FreeOnly = FreeOnly == true ? true : null,
        VerifiedOnly = VerifiedOnly == true ? true : null,
    };

    /// <summary>The search page showing what a saved search finds today.</summary>
    public static string Link(SavedSearchFilters saved)
    {
        var pair = saved.Language?.Split('-', '>', '~');
        var query = new Dictionary<string, string?>
        {
            ["q"] = saved.Q,
            ["kind"] = Wire.Of(saved.Kind),
            ["category"] = Wire.Of(saved.Category),
            ["near"] = saved.Near,
            ["radiusKm"] = saved.RadiusKm is { } radius ? ((int)radius).ToString(CultureInfo.InvariantCulture) : null,
            ["from"] = saved.FreeFrom is { } from ? DateOnly.FromDateTime(Berlin.Local(from)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            ["to"] = saved.FreeTo is { } to ? DateOnly.FromDateTime(Berlin.Local(to)).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            ["lang1"] = pair is { Length: 2 } ? pair[0] : null,
            ["lang2"] = pair is { Length: 2 } ? pair[1] : null,
            ["minCapacity"] = saved.MinCapacity?.ToString(CultureInfo.InvariantCulture),
            ["freeOnly"] = saved.FreeOnly == true ? "true" : null,
            ["verifiedOnly"] = saved.VerifiedOnly == true ? "true" : null,
        };
        return QueryHelpers.AddQueryString("/search", query.Where(p => p.Value is not null));
    }

    private DateTimeOffset? FreeFrom =>
        DateOnly.TryParse(From, CultureInfo.InvariantCulture, out var from) ? Berlin.Instant(from, TimeOnly.MinValue) : null;

    private DateTimeOffset? FreeTo =>
        DateOnly.TryParse(To, CultureInfo.InvariantCulture, out var to) ? Berlin.Instant(to.AddDays(1), TimeOnly.MinValue) : null;

    private string? Language => Blank(Lang1) is { } a && Blank(Lang2) is { } b ? $"{a}-{b}" : null;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
