using ResourceShare.Infrastructure.Places;

namespace ResourceShare.Api.Places;

public sealed record PlaceResponse(
    int GeonamesId, string Name, string State, string? MunicipalityKey, double Latitude, double Longitude, int Population)
{
    public static PlaceResponse From(PlaceRow row) =>
        new(row.GeonamesId, row.Name, row.State, row.MunicipalityKey, row.Latitude, row.Longitude, row.Population);
}

public sealed record PlaceListResponse(IReadOnlyList<PlaceResponse> Items, string Attribution)
{
    public const string GeoNamesAttribution = "Place data © GeoNames (geonames.org), CC BY 4.0";
}
