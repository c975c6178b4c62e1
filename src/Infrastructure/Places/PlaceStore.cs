using Dapper;
using Npgsql;
using ResourceShare.Domain.Places;

namespace ResourceShare.Infrastructure.Places;

public sealed record PlaceRow(
    int GeonamesId, string Name, string State, string? MunicipalityKey, double Latitude, double Longitude, int Population);

public sealed class PlaceStore(NpgsqlDataSource dataSource)
{
    /// <summary>Places whose name starts with <paramref name="query"/>, ignoring case, accents and umlaut spelling; most populous first.</summary>
    public async Task<IReadOnlyList<PlaceRow>> SearchByPrefixAsync(string query, int limit, CancellationToken ct)
    {
        const string sql = """
            SELECT geonames_id, name, state, municipality_key, latitude, longitude, population
              FROM place
             WHERE (search_key >= @Key AND search_key < @KeyEnd)
                OR (translit_key >= @Translit AND translit_key < @TranslitEnd)
             ORDER BY population DESC, name, geonames_id
             LIMIT @Limit
            """;
        var key = PlaceNames.SearchKey(query);
        var translit = PlaceNames.TransliteratedKey(query);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<PlaceRow>(new CommandDefinition(
            sql,
            new
            {
                Key = key,
                KeyEnd = PlaceNames.PrefixUpperBound(key),
                Translit = translit,
                TranslitEnd = PlaceNames.PrefixUpperBound(translit),
                Limit = limit,
            },
            cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>
    /// The place a name means (ignoring case, accents, umlaut spelling): the most populous place of exactly
    /// that name, else the most populous whose name continues it with a further word ("Frankfurt" →
    /// Frankfurt am Main, "Bad Homburg" → Bad Homburg vor der Höhe).
    /// </summary>
    public async Task<PlaceRow?> ResolveAsync(string name, CancellationToken ct)
    {
        const string sql = """
            SELECT geonames_id, name, state, municipality_key, latitude, longitude, population
              FROM place
             WHERE search_key = @Key OR translit_key = @Translit
                OR (search_key >= @Word AND search_key < @WordEnd)
                OR (translit_key >= @TranslitWord AND translit_key < @TranslitWordEnd)
             ORDER BY (search_key = @Key OR translit_key = @Translit) DESC, population DESC, geonames_id
             LIMIT 1
            """;
        var key = PlaceNames.SearchKey(name);
        var translit = PlaceNames.TransliteratedKey(name);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<PlaceRow>(new CommandDefinition(
            sql,
            new
            {
                Key = key,
                Translit = translit,
                Word = key + " ",
                WordEnd = PlaceNames.PrefixUpperBound(key + " "),
                TranslitWord = translit + " ",
                TranslitWordEnd = PlaceNames.PrefixUpperBound(translit + " "),
            },
            cancellationToken: ct));
    }
}
