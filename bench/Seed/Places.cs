using Npgsql;

namespace ResourceShare.Bench.Seed;

public sealed record Place(string Name, string State, double Latitude, double Longitude);

/// <summary>Picks places from the gazetteer in proportion to their population, Hesse (where most associations are) counting four times.</summary>
public sealed class Places
{
    private const int HesseWeight = 4;

    private readonly Place[] places;
    private readonly long[] upTo;

    private Places(Place[] places, long[] upTo)
    {
        this.places = places;
        this.upTo = upTo;
    }

    public static async Task<Places> LoadAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        const string sql = "SELECT name, state, latitude, longitude, population FROM place WHERE population > 0 ORDER BY geonames_id";
        var places = new List<Place>();
        var upTo = new List<long>();
        long total = 0;
        await using var command = new NpgsqlCommand(sql, conn);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var place = new Place(reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3));
            total += (long)reader.GetInt32(4) * (place.State == "Hessen" ? HesseWeight : 1);
            places.Add(place);
            upTo.Add(total);
        }

        if (places.Count == 0)
        {
            throw new InvalidOperationException("The place gazetteer is empty: run the API's migrate command first.");
        }

        return new Places([.. places], [.. upTo]);
    }

    public Place Pick(ref Rng rng)
    {
        var weight = (long)(rng.NextDouble() * upTo[^1]);
        var i = Array.BinarySearch(upTo, weight + 1);
        return places[i >= 0 ? i : ~i];
    }
}
