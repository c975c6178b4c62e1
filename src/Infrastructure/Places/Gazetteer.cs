using System.Globalization;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using ResourceShare.Domain.Places;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Places;

/// <summary>Loads the shipped gazetteer (data/places-de.csv, embedded) into an empty place table.</summary>
public sealed class Gazetteer : IReferenceData
{
    private const string ResourceName = "data/places-de.csv";

    public async Task EnsureLoadedAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var loaded = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM place)", cancellationToken: ct));
        if (loaded)
        {
            return;
        }

        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var importer = await conn.BeginBinaryImportAsync(
            "COPY place (geonames_id, name, state, municipality_key, latitude, longitude, population, search_key, translit_key) FROM STDIN (FORMAT BINARY)",
            ct))
        {
            foreach (var row in ReadRows())
            {
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(row.GeonamesId, NpgsqlDbType.Integer, ct);
                await importer.WriteAsync(row.Name, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(row.State, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(row.MunicipalityKey, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(row.Latitude, NpgsqlDbType.Double, ct);
                await importer.WriteAsync(row.Longitude, NpgsqlDbType.Double, ct);
                await importer.WriteAsync(row.Population, NpgsqlDbType.Integer, ct);
                await importer.WriteAsync(PlaceNames.SearchKey(row.Name), NpgsqlDbType.Text, ct);
                await importer.WriteAsync(PlaceNames.TransliteratedKey(row.Name), NpgsqlDbType.Text, ct);
            }

            await importer.CompleteAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    private static IEnumerable<CsvRow> ReadRows()
    {
        using var stream = typeof(Gazetteer).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The gazetteer resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            // The file has no quoted fields: place names contain no commas (checked when it was added).
            var fields = line.Split(',');
            yield return new CsvRow(
                int.Parse(fields[0], CultureInfo.InvariantCulture),
                fields[1],
                fields[2],
                fields[3].Length == 0 ? null : fields[3],
                double.Parse(fields[4], CultureInfo.InvariantCulture),
                double.Parse(fields[5], CultureInfo.InvariantCulture),
                int.Parse(fields[6], CultureInfo.InvariantCulture));
        }
    }

    private sealed record CsvRow(
        int GeonamesId, string Name, string State, string? MunicipalityKey, double Latitude, double Longitude, int Population);
}
