using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using ResourceShare.Domain.Listings;

namespace ResourceShare.Bench.Seed;

/// <summary>
/// Loads the benchmark data into a migrated, empty database with binary COPY, in one transaction: a failed load
/// leaves the database as it was. Progress and timings go to <paramref name="log"/>.
/// </summary>
public sealed class BulkLoader(string connectionString, TextWriter log)
{
    /// <summary>Bumped whenever the data layout changes, so that bench/run can tell a stale load from a current one.</summary>
    public const int GeneratorVersion = 1;

    public const int DefaultSeed = 2026;

    /// <summary>The tables whose secondary indexes and constraints are dropped for the COPY and built again after it.</summary>
    private static readonly string[] BulkTables = ["listing", "listing_window", "match", "match_window", "booking"];

    private static readonly string[] Scopes = ["listings:read", "listings:write", "matches:write"];

    public async Task LoadAsync(double scale, int seed, CancellationToken ct)
    {
        var sizes = BenchSizes.Of(scale);
        var total = Stopwatch.StartNew();
        await using var conn = await OpenAsync(ct);
        if (await ScalarAsync<bool>(conn, null, "SELECT to_regclass('booking') IS NULL OR EXISTS (SELECT 1 FROM association)", ct))
        {
            throw new InvalidOperationException("The bulk load needs a migrated, empty database (run the API's migrate command on a new one).");
        }

        var today = (await ScalarAsync<DateTime>(conn, null, "SELECT now()", ct)).Date;
        var places = await Places.LoadAsync(conn, ct);
        var listings = new Listings(seed, sizes, places, today);
        var matches = new Matches(seed, sizes, listings, today);
        log.WriteLine($"Loading scale {scale.ToString(CultureInfo.InvariantCulture)} (seed {seed}): {sizes.Associations:N0} associations, {sizes.Listings:N0} listings, ≈{sizes.Bookings:N0} bookings.");

        await using var tx = await conn.BeginTransactionAsync(ct);
        await ExecuteAsync(conn, tx, BenchIds.Functions + """

            CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL);
            SET LOCAL maintenance_work_mem = '256MB';
            """, ct);
        var deferred = await DeferAsync(conn, tx, ct);

        await CopyAsync(conn, "association", "COPY association (id, name, legal_form, postal_code, city, description, languages, contact_email, verification_status, verified_at, created_at, updated_at) FROM STDIN (FORMAT BINARY)",
            Enumerable.Range(1, sizes.Associations), (w, a) => WriteAssociation(w, seed, a, places, today), ct);
        await CopyAsync(conn, "api_key", "COPY api_key (id, association_id, name, prefix, key_hash, scopes, created_at) FROM STDIN (FORMAT BINARY)",
            Enumerable.Range(1, sizes.Associations), (w, a) => WriteApiKey(w, a, today), ct);
        await CopyAsync(conn, "listing", "COPY listing (id, association_id, kind, category, title, description, content_language, details, postal_code, city, latitude, longitude, street_address, service_radius_km, max_distance_km, remote_ok, schedule, recurring, terms, cost_eur, exchange_for, max_budget_eur, valid_until, status, close_reason, created_at, updated_at, published_at, version) FROM STDIN (FORMAT BINARY)",
            Enumerable.Range(1, sizes.Listings), (w, n) => WriteListing(w, listings.Row(n)), ct);
        var windows = await CopyAsync(conn, "listing_window", "COPY listing_window (listing_id, slot, during) FROM STDIN (FORMAT BINARY)",
            Enumerable.Range(1, sizes.Listings).SelectMany(n => listings.Windows(n).Select((window, slot) => (n, slot, window))),
            (w, x) => WriteWindow(w, BenchIds.Id(BenchIds.Listing, x.n), x.slot, x.window), ct);
        var matchCount = await CopyAsync(conn, "match", "COPY match (id, request_id, offer_id, requester_id, provider_id, proposed_by, status, quantity, message, reason, closed_by, starts_at, ends_at, created_at, updated_at, decided_at, version) FROM STDIN (FORMAT BINARY)",
            matches.All(), WriteMatch, ct);
        await CopyAsync(conn, "match_window", "COPY match_window (match_id, slot, during) FROM STDIN (FORMAT BINARY)",
            matches.All().SelectMany(m => m.Windows.Select((window, slot) => (m.Number, slot, window))),
            (w, x) => WriteWindow(w, BenchIds.Id(BenchIds.Match, x.Number), x.slot, x.window), ct);
        var bookings = await CopyAsync(conn, "booking", "COPY booking (id, match_id, offer_id, requester_id, provider_id, during, quantity, exclusive, status, created_at, cancelled_at) FROM STDIN (FORMAT BINARY)",
            matches.Bulk().Where(m => m.Booked).SelectMany(m => m.Windows.Select((window, i) => (m, i, window))),
            (w, x) => WriteBooking(w, x.m, x.i, x.window), ct);

        await RestoreAsync(conn, tx, deferred, ct);
        await WriteMetaAsync(conn, tx, new Dictionary<string, string>
        {
            ["scale"] = scale.ToString(CultureInfo.InvariantCulture),
            ["seed"] = Text(seed),
            ["associations"] = Text(sizes.Associations),
            ["listings"] = Text(sizes.Listings),
            ["published"] = Text(sizes.Published),
            ["windows"] = Text(windows),
            ["bookings"] = Text(bookings),
            ["matches"] = Text(matchCount),
            ["pool_random_first"] = Text(BenchSizes.PoolRandomFirst),
            ["pool_random_size"] = Text(BenchSizes.PoolSize),
            ["pool_hot_first"] = Text(BenchSizes.PoolHotFirst),
            ["pool_hot_size"] = Text(BenchSizes.PoolSize),
            ["loaded_at"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["generator_version"] = Text(GeneratorVersion),
        }, ct);
        await tx.CommitAsync(ct);

        await TimedAsync("vacuum analyze", () => ExecuteAsync(conn, null, "VACUUM (ANALYZE) association, api_key, " + string.Join(", ", BulkTables), ct));
        log.WriteLine($"Loaded in {total.Elapsed.TotalSeconds:F1} s.");
    }

    /// <summary>
    /// Returns the W6 proposal pools to their loaded state: the bookings and notifications their accepts created
    /// are deleted, every pool match is 'proposed' again with version 1.
    /// </summary>
    public async Task ResetPoolsAsync(CancellationToken ct)
    {
        const string reset = """
            WITH pool AS (
                SELECT bench_id(3, least(rf, hf)) AS first_id, bench_id(3, greatest(rf + rs, hf + hs) - 1) AS last_id
                  FROM (SELECT max(value::bigint) FILTER (WHERE key = 'pool_random_first') AS rf,
                               max(value::bigint) FILTER (WHERE key = 'pool_random_size') AS rs,
                               max(value::bigint) FILTER (WHERE key = 'pool_hot_first') AS hf,
                               max(value::bigint) FILTER (WHERE key = 'pool_hot_size') AS hs
                          FROM bench_meta) meta),
            notifications AS (
                DELETE FROM notification n USING pool WHERE n.match_id BETWEEN pool.first_id AND pool.last_id),
            bookings AS (
                DELETE FROM booking b USING pool WHERE b.match_id BETWEEN pool.first_id AND pool.last_id)
            UPDATE match m
               SET status = 'proposed', reason = NULL, closed_by = NULL, decided_at = NULL, version = 1, updated_at = m.created_at
              FROM pool
             WHERE m.id BETWEEN pool.first_id AND pool.last_id AND (m.status <> 'proposed' OR m.version <> 1)
            """;
        var total = Stopwatch.StartNew();
        await using var conn = await OpenAsync(ct);
        if (await ScalarAsync<bool>(conn, null, "SELECT to_regclass('bench_meta') IS NULL", ct))
        {
            throw new InvalidOperationException("No benchmark data in this database (bench_meta is missing).");
        }

        var matches = await ExecuteAsync(conn, null, reset, ct);
        log.WriteLine($"Reset {matches:N0} pool matches to proposed.");
        await ExecuteAsync(conn, null, "VACUUM (ANALYZE) match, booking, notification", ct);
        log.WriteLine($"Reset in {total.Elapsed.TotalSeconds:F1} s.");
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 };
        var conn = new NpgsqlConnection(builder.ConnectionString);
        await conn.OpenAsync(ct);
        return conn;
    }

    private async Task<long> CopyAsync<T>(NpgsqlConnection conn, string table, string copy, IEnumerable<T> rows, Action<NpgsqlBinaryImporter, T> write, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        long count = 0;
        await using (var writer = await conn.BeginBinaryImportAsync(copy, ct))
        {
            foreach (var row in rows)
            {
                writer.StartRow();
                write(writer, row);
                count++;
            }

            await writer.CompleteAsync(ct);
        }

        log.WriteLine($"  {table,-15} {count,12:N0} rows {watch.Elapsed.TotalSeconds,8:F1} s");
        return count;
    }

    /// <summary>
    /// Drops the bulk tables' secondary indexes and foreign keys and returns the statements that build them again.
    /// The exclusion constraint on booking stays: checked row by row during the COPY it cost half of what building
    /// it afterwards did (24 s against 45 s at S1), since its check probes every booking either way.
    /// </summary>
    private static async Task<List<string>> DeferAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        const string sql = """
            SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
                   format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)), 2
              FROM pg_constraint c
             WHERE c.conrelid = ANY (@Tables::regclass[]) AND c.contype = 'f'
            UNION ALL
            SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid), 1
              FROM pg_index i
             WHERE i.indrelid = ANY (@Tables::regclass[]) AND NOT i.indisprimary
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid)
             ORDER BY 3, 2
            """;
        var statements = new List<(string Drop, string Create)>();
        await using (var command = new NpgsqlCommand(sql, conn, tx))
        {
            command.Parameters.AddWithValue("Tables", BulkTables);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                statements.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        // The quantity check runs per row and reads the offer's other bookings; the generator keeps every offer's
        // bookings apart itself, so quantity resources cannot exceed their units.
        await ExecuteAsync(conn, tx, string.Join(";\n", statements.Select(s => s.Drop).Append("ALTER TABLE booking DISABLE TRIGGER USER")), ct);
        return [.. statements.Select(s => s.Create), "ALTER TABLE booking ENABLE TRIGGER USER"];
    }

    private async Task RestoreAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<string> statements, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        foreach (var statement in statements)
        {
            var one = Stopwatch.StartNew();
            await ExecuteAsync(conn, tx, statement, ct);
            if (one.Elapsed.TotalSeconds >= 1)
            {
                log.WriteLine($"    {one.Elapsed.TotalSeconds,6:F1} s  {statement[..Math.Min(statement.Length, 100)]}");
            }
        }

        log.WriteLine($"  {"indexes, keys",-15} {statements.Count,12:N0} stmts {watch.Elapsed.TotalSeconds,7:F1} s");
    }

    private async Task TimedAsync(string what, Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        log.WriteLine($"  {what,-28} {watch.Elapsed.TotalSeconds,8:F1} s");
    }

    private static async Task WriteMetaAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Dictionary<string, string> meta, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO bench_meta (key, value) SELECT * FROM unnest(@Keys, @Values)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """;
        await using var command = new NpgsqlCommand(sql, conn, tx);
        command.Parameters.AddWithValue("Keys", meta.Keys.ToArray());
        command.Parameters.AddWithValue("Values", meta.Values.ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void WriteAssociation(NpgsqlBinaryImporter w, int seed, int a, Places places, DateTime today)
    {
        var rng = new Rng(seed, 1, a);
        var place = places.Pick(ref rng);
        var created = today.AddDays(-rng.Next(400, 800));
        var verified = a % 10 == 0;
        var language = rng.Pick(Vocabulary.AssociationLanguages);
        w.Write(BenchIds.Id(BenchIds.Association, a), NpgsqlDbType.Uuid);
        w.Write($"{rng.Pick(Vocabulary.Communities)} {rng.Pick(Vocabulary.AssociationKinds)} {place.Name}", NpgsqlDbType.Text);
        w.Write("e.V.", NpgsqlDbType.Text);
        w.Write(rng.Next(10000, 99999).ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Text);
        w.Write(place.Name, NpgsqlDbType.Text);
        w.Write($"Begegnung, Beratung und Kultur für Familien in {place.Name}. Wir teilen Räume, Geräte und Sprachkenntnisse.", NpgsqlDbType.Text);
        w.Write(new[] { "de", language }, NpgsqlDbType.Array | NpgsqlDbType.Text);
        w.Write($"kontakt@verein-{a}.example", NpgsqlDbType.Text);
        w.Write(verified ? "verified" : "unverified", NpgsqlDbType.Text);
        WriteNullable<DateTime?>(w, verified ? created.AddDays(rng.Next(1, 60)) : null, NpgsqlDbType.TimestampTz);
        w.Write(created, NpgsqlDbType.TimestampTz);
        w.Write(created, NpgsqlDbType.TimestampTz);
    }

    private static void WriteApiKey(NpgsqlBinaryImporter w, int a, DateTime today)
    {
        w.Write(BenchIds.Id(BenchIds.ApiKey, a), NpgsqlDbType.Uuid);
        w.Write(BenchIds.Id(BenchIds.Association, a), NpgsqlDbType.Uuid);
        w.Write("Benchmark", NpgsqlDbType.Text);
        w.Write(BenchIds.KeyPrefix, NpgsqlDbType.Text);
        w.Write(BenchIds.KeyHash(a), NpgsqlDbType.Bytea);
        w.Write(Scopes, NpgsqlDbType.Array | NpgsqlDbType.Text);
        w.Write(today.AddDays(-30), NpgsqlDbType.TimestampTz);
    }

    private static void WriteListing(NpgsqlBinaryImporter w, ListingRow l)
    {
        w.Write(BenchIds.Id(BenchIds.Listing, l.Number), NpgsqlDbType.Uuid);
        w.Write(BenchIds.Id(BenchIds.Association, l.Association), NpgsqlDbType.Uuid);
        w.Write(l.Kind, NpgsqlDbType.Text);
        w.Write(CategoryText(l.Category), NpgsqlDbType.Text);
        w.Write(l.Title, NpgsqlDbType.Text);
        w.Write(l.Description, NpgsqlDbType.Text);
        w.Write("de", NpgsqlDbType.Text);
        w.Write(l.Details, NpgsqlDbType.Jsonb);
        w.Write(l.PostalCode, NpgsqlDbType.Text);
        w.Write(l.City, NpgsqlDbType.Text);
        w.Write(l.Latitude, NpgsqlDbType.Double);
        w.Write(l.Longitude, NpgsqlDbType.Double);
        WriteNullable(w, l.StreetAddress, NpgsqlDbType.Text);
        WriteNullable(w, l.ServiceRadiusKm, NpgsqlDbType.Numeric);
        WriteNullable(w, l.MaxDistanceKm, NpgsqlDbType.Numeric);
        w.Write(l.RemoteOk, NpgsqlDbType.Boolean);
        w.Write(l.Schedule, NpgsqlDbType.Jsonb);
        w.Write(false, NpgsqlDbType.Boolean);
        w.Write(l.Terms, NpgsqlDbType.Text);
        WriteNullable(w, l.CostEur, NpgsqlDbType.Numeric);
        WriteNullable(w, l.ExchangeFor, NpgsqlDbType.Text);
        WriteNullable(w, l.MaxBudgetEur, NpgsqlDbType.Numeric);
        w.Write(l.ValidUntil, NpgsqlDbType.TimestampTz);
        w.Write(l.Status, NpgsqlDbType.Text);
        WriteNullable(w, l.CloseReason, NpgsqlDbType.Text);
        w.Write(l.CreatedAt, NpgsqlDbType.TimestampTz);
        w.Write(l.UpdatedAt, NpgsqlDbType.TimestampTz);
        WriteNullable(w, l.PublishedAt, NpgsqlDbType.TimestampTz);
        w.Write(l.Version, NpgsqlDbType.Integer);
    }

    private static void WriteWindow(NpgsqlBinaryImporter w, Guid owner, int slot, Window window)
    {
        w.Write(owner, NpgsqlDbType.Uuid);
        w.Write(slot, NpgsqlDbType.Integer);
        w.Write(Range(window), NpgsqlDbType.TimestampTzRange);
    }

    private static void WriteMatch(NpgsqlBinaryImporter w, MatchRow m)
    {
        w.Write(BenchIds.Id(BenchIds.Match, m.Number), NpgsqlDbType.Uuid);
        w.Write(BenchIds.Id(BenchIds.Listing, m.Request), NpgsqlDbType.Uuid);
        WriteSides(w, m);
        w.Write(BenchIds.Id(BenchIds.Association, m.ProposedBy), NpgsqlDbType.Uuid);
        w.Write(m.Status, NpgsqlDbType.Text);
        w.Write(m.Quantity, NpgsqlDbType.Integer);
        WriteNullable(w, m.Message, NpgsqlDbType.Text);
        WriteNullable(w, m.Reason, NpgsqlDbType.Text);
        WriteNullable<Guid?>(w, m.ClosedBy is { } closedBy ? BenchIds.Id(BenchIds.Association, closedBy) : null, NpgsqlDbType.Uuid);
        w.Write(m.Windows[0].Start, NpgsqlDbType.TimestampTz);
        w.Write(m.Windows[^1].End, NpgsqlDbType.TimestampTz);
        w.Write(m.CreatedAt, NpgsqlDbType.TimestampTz);
        w.Write(m.UpdatedAt, NpgsqlDbType.TimestampTz);
        WriteNullable(w, m.DecidedAt, NpgsqlDbType.TimestampTz);
        w.Write(m.Version, NpgsqlDbType.Integer);
    }

    private static void WriteBooking(NpgsqlBinaryImporter w, MatchRow m, int i, Window window)
    {
        var cancelled = m.Status == "cancelled";
        w.Write(BenchIds.Id(BenchIds.Booking, m.FirstBooking + i), NpgsqlDbType.Uuid);
        w.Write(BenchIds.Id(BenchIds.Match, m.Number), NpgsqlDbType.Uuid);
        WriteSides(w, m);
        w.Write(Range(window), NpgsqlDbType.TimestampTzRange);
        w.Write(m.Quantity, NpgsqlDbType.Integer);
        w.Write(m.Exclusive, NpgsqlDbType.Boolean);
        w.Write(cancelled ? "cancelled" : "confirmed", NpgsqlDbType.Text);
        w.Write(m.DecidedAt!.Value, NpgsqlDbType.TimestampTz);
        WriteNullable<DateTime?>(w, cancelled ? m.UpdatedAt : null, NpgsqlDbType.TimestampTz);
    }

    /// <summary>offer_id, requester_id, provider_id: the columns match and booking share, in this order.</summary>
    private static void WriteSides(NpgsqlBinaryImporter w, MatchRow m)
    {
        w.Write(BenchIds.Id(BenchIds.Listing, m.Offer), NpgsqlDbType.Uuid);
        w.Write(BenchIds.Id(BenchIds.Association, m.Requester), NpgsqlDbType.Uuid);
        w.Write(BenchIds.Id(BenchIds.Association, m.Provider), NpgsqlDbType.Uuid);
    }

    private static NpgsqlRange<DateTime> Range(Window window) => new(window.Start, true, window.End, false);

    private static string CategoryText(ListingCategory category) => category switch
    {
        ListingCategory.Room => "room",
        ListingCategory.Interpreting => "interpreting",
        ListingCategory.Equipment => "equipment",
        ListingCategory.Vehicle => "vehicle",
        ListingCategory.Expertise => "expertise",
        ListingCategory.Other => "other",
    };

    private static void WriteNullable<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            w.WriteNull();
        }
        else
        {
            w.Write(value, type);
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, conn, tx);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, conn, tx);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
