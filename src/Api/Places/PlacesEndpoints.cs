using Microsoft.AspNetCore.Http.HttpResults;
using ResourceShare.Api.Http;
using ResourceShare.Api.OpenApi;
using ResourceShare.Infrastructure.Places;

namespace ResourceShare.Api.Places;

public static class PlacesEndpoints
{
    public static IEndpointRouteBuilder MapPlaces(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/places")
            .WithTag("Places",
                "The gazetteer of German places (GeoNames, places with at least 1,000 inhabitants) for place autocomplete. " +
                "Place data © [GeoNames](https://www.geonames.org/), [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/).")
            .AllowAnonymous();

        group.MapGet("/", SearchAsync)
            .WithName("SearchPlaces")
            .WithSummary("Autocomplete German place names")
            .WithDescription(
                "Places whose name starts with q, ignoring case, accents and umlaut spelling (\"giessen\" finds Gießen, " +
                "\"muenchen\" München), most populous first. " + PlaceListResponse.GeoNamesAttribution + ".")
            .WithValidation();

        return app;
    }

    private static async Task<Ok<PlaceListResponse>> SearchAsync(
        [AsParameters] PlaceSearchQuery query, PlaceStore places, CancellationToken ct)
    {
        var rows = await places.SearchByPrefixAsync(query.Q!, query.Limit ?? PlaceSearchQuery.DefaultLimit, ct);
        return TypedResults.Ok(new PlaceListResponse(rows.Select(PlaceResponse.From).ToList(), PlaceListResponse.GeoNamesAttribution));
    }
}
