using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ResourceShare.Infrastructure.Database;

/// <summary>
/// The role that owns the schema, when it is not the one the API serves requests as: migrations run through its
/// <see cref="DataSource"/>, and every run grants <see cref="DataRole"/> its data rights (0012_data_role.sql).
/// </summary>
public sealed record SchemaOwner(NpgsqlDataSource DataSource, string? DataRole);

/// <summary>
/// Applies db/migrations in order, each in its own transaction, and records them with a checksum.
/// A session-level advisory lock serialises API instances that start together, so each file runs once.
/// Migrations run as the <paramref name="owner"/> if there is one, else through the API's own
/// <paramref name="dataSource"/>; the readiness check always asks through the API's. After them the
/// <paramref name="referenceData"/> is loaded where it is missing.
/// </summary>
public sealed class Migrator(
    NpgsqlDataSource dataSource, ILogger<Migrator> logger, IEnumerable<IReferenceData> referenceData, SchemaOwner? owner = null)
{
    // Any constant works as long as nothing else in the database uses it: "RSmigr" in ASCII.
    private const long AdvisoryLockKey = 0x52_53_6d_69_67_72;

    private const string JournalExists = "SELECT to_regclass('schema_migrations') IS NOT NULL";

    private readonly IReadOnlyList<Migration> migrations = Migration.Embedded;

    public async Task<int> MigrateAsync(CancellationToken ct)
    {
        await using var conn = await (owner?.DataSource ?? dataSource).OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@Key)", new { Key = AdvisoryLockKey }, cancellationToken: ct));
        try
        {
            await EnsureJournalAsync(conn, ct);
            var applied = await AppliedAsync(conn, ct);
            var count = 0;
            foreach (var migration in Pending(applied))
            {
                await ApplyAsync(conn, migration, ct);
                count++;
            }

            foreach (var data in referenceData)
            {
                await data.EnsureLoadedAsync(conn, ct);
            }

            if (owner?.DataRole is { } dataRole)
            {
                await conn.ExecuteAsync(new CommandDefinition("SELECT grant_data_rights(@Role)", new { Role = dataRole }, cancellationToken: ct));
            }

            return count;
        }
        finally
        {
            await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@Key)", new { Key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>How many embedded migrations the database still lacks (checksums verified).</summary>
    public async Task<int> PendingCountAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var journalExists = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(JournalExists, cancellationToken: ct));
        if (!journalExists)
        {
            return migrations.Count;
        }

        return Pending(await AppliedAsync(conn, ct)).Count();
    }

    private IEnumerable<Migration> Pending(IReadOnlyDictionary<string, string> applied)
    {
        foreach (var migration in migrations)
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (checksum != migration.Checksum)
                {
                    throw new MigrationChecksumException(migration.FileName, checksum, migration.Checksum);
                }

                continue;
            }

            yield return migration;
        }
    }

    private async Task ApplyAsync(NpgsqlConnection conn, Migration migration, CancellationToken ct)
    {
        const string record = """
            INSERT INTO schema_migrations (version, name, checksum)
            VALUES (@Version, @Name, @Checksum)
            """;

        logger.LogInformation("Applying migration {Migration}", migration.FileName);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The file's text is the command itself: it comes from this assembly, never from input.
        await using (var command = new NpgsqlCommand(migration.Sql, conn, tx))
        {
            // A migration may rebuild indexes of large tables: no time limit.
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(ct);
        }

        await conn.ExecuteAsync(new CommandDefinition(record, new { migration.Version, migration.Name, migration.Checksum }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>Creates the journal unless it exists: asked first, since a role without DDL rights may not even try.</summary>
    private static async Task EnsureJournalAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        const string sql = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    text PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """;
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(JournalExists, cancellationToken: ct)))
        {
            await conn.ExecuteAsync(new CommandDefinition(sql, cancellationToken: ct));
        }
    }

    private static async Task<IReadOnlyDictionary<string, string>> AppliedAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        const string sql = "SELECT version, checksum FROM schema_migrations";
        var rows = await conn.QueryAsync<(string Version, string Checksum)>(new CommandDefinition(sql, cancellationToken: ct));
        return rows.ToDictionary(r => r.Version, r => r.Checksum, StringComparer.Ordinal);
    }
}
