using Npgsql;

namespace ResourceShare.Api.Tests.Faults;

/// <summary>What a write interrupted at any point must not leave behind in the database: each write is whole or absent.</summary>
public static class Consistency
{
    private const string HalfWritten = """
        SELECT 'listing without its windows: ' || l.id FROM listing l
         WHERE NOT EXISTS (SELECT 1 FROM listing_window w WHERE w.listing_id = l.id)
        UNION ALL
        SELECT 'association without an owner: ' || a.id FROM association a
         WHERE NOT EXISTS (SELECT 1 FROM membership m WHERE m.association_id = a.id AND m.role = 'owner')
        UNION ALL
        SELECT 'match without its windows: ' || m.id FROM match m
         WHERE NOT EXISTS (SELECT 1 FROM match_window w WHERE w.match_id = m.id)
        UNION ALL
        SELECT 'accepted match without bookings: ' || m.id FROM match m
         WHERE m.status IN ('accepted', 'completed') AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.match_id = m.id)
        UNION ALL
        SELECT 'booking of a match that was never accepted: ' || b.id FROM booking b JOIN match m ON m.id = b.match_id
         WHERE m.status IN ('proposed', 'declined', 'withdrawn')
        UNION ALL
        SELECT 'idempotency key without its answer: ' || k.key FROM idempotency_key k
         WHERE k.status IS NULL OR k.body IS NULL
        """;

    public static async Task AssertNothingHalfWrittenAsync(string connectionString)
    {
        await using var conn = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(HalfWritten, conn);
        await using var reader = await command.ExecuteReaderAsync();
        var found = new List<string>();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetString(0));
        }

        Assert.Empty(found);
    }

    /// <summary>The ids of the listings with <paramref name="title"/>.</summary>
    public static async Task<Guid[]> ListingIdsAsync(string connectionString, string title) =>
        [.. (await ListingsByTitleAsync(connectionString, title))[title]];

    /// <summary>The ids of the listings with each of <paramref name="titles"/> (titles in the tests are unique per write).</summary>
    public static async Task<ILookup<string, Guid>> ListingsByTitleAsync(string connectionString, params IEnumerable<string> titles)
    {
        await using var conn = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand("SELECT title, id FROM listing WHERE title = ANY(@titles)", conn);
        command.Parameters.AddWithValue("titles", titles.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string Title, Guid Id)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetGuid(1)));
        }

        return rows.ToLookup(r => r.Title, r => r.Id);
    }

    /// <summary>The status of each match and the number of its confirmed bookings.</summary>
    public static async Task<IReadOnlyDictionary<Guid, (string Status, long Bookings)>> MatchesAsync(string connectionString, IEnumerable<Guid> ids)
    {
        const string sql = """
            SELECT m.id, m.status, count(b.id) FILTER (WHERE b.status = 'confirmed')
              FROM match m LEFT JOIN booking b ON b.match_id = m.id
             WHERE m.id = ANY(@ids)
             GROUP BY m.id, m.status
            """;
        await using var conn = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, conn);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var matches = new Dictionary<Guid, (string, long)>();
        while (await reader.ReadAsync())
        {
            matches[reader.GetGuid(0)] = (reader.GetString(1), reader.GetInt64(2));
        }

        return matches;
    }

    /// <summary>A connection of its own: a pooled one may be one a fault test has ended.</summary>
    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }
}
