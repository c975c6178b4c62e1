using Dapper;
using Npgsql;

namespace ResourceShare.Infrastructure.Idempotency;

public sealed record StoredResponse(int Status, string? Location, string? ETag, string Body);

public abstract record Claim
{
    /// <summary>The key is ours: run the request, then <see cref="IdempotencyStore.CompleteAsync"/> or release it.</summary>
    public sealed record Acquired : Claim;

    public sealed record Replay(StoredResponse Response) : Claim;

    /// <summary>The key was used for a different request.</summary>
    public sealed record Mismatch : Claim;

    /// <summary>The first request with this key has not finished yet.</summary>
    public sealed record InFlight : Claim;
}

public sealed class IdempotencyStore(NpgsqlDataSource dataSource)
{
    /// <summary>How long a key is remembered.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async Task<Claim> ClaimAsync(string principal, string key, byte[] fingerprint, CancellationToken ct)
    {
        // Claims a new key, or takes over one older than the retention period, in one statement.
        const string claim = """
            INSERT INTO idempotency_key AS k (principal, key, fingerprint)
            VALUES (@Principal, @Key, @Fingerprint)
            ON CONFLICT (principal, key) DO UPDATE
               SET fingerprint = excluded.fingerprint, status = NULL, location = NULL, etag = NULL, body = NULL, created_at = now()
             WHERE k.created_at < now() - @Retention
            RETURNING 1
            """;
        const string existing = """
            SELECT fingerprint, status, location, etag, body FROM idempotency_key WHERE principal = @Principal AND key = @Key
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var args = new { Principal = principal, Key = key, Fingerprint = fingerprint, Retention };
        if (await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(claim, args, cancellationToken: ct)) is not null)
        {
            return new Claim.Acquired();
        }

        var row = await conn.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(existing, args, cancellationToken: ct));
        return row switch
        {
            null => new Claim.InFlight(),
            _ when !row.Fingerprint.AsSpan().SequenceEqual(fingerprint) => new Claim.Mismatch(),
            { Status: { } status, Body: { } body } => new Claim.Replay(new StoredResponse(status, row.Location, row.Etag, body)),
            _ => new Claim.InFlight(),
        };
    }

    public async Task CompleteAsync(string principal, string key, StoredResponse response, CancellationToken ct)
    {
        const string sql = """
            UPDATE idempotency_key SET status = @Status, location = @Location, etag = @ETag, body = @Body
             WHERE principal = @Principal AND key = @Key
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            sql, new { Principal = principal, Key = key, response.Status, response.Location, response.ETag, response.Body }, cancellationToken: ct));
    }

    /// <summary>Forgets a claim whose request did not succeed, so the client may retry with the same key.</summary>
    public async Task ReleaseAsync(string principal, string key, CancellationToken ct)
    {
        const string sql = "DELETE FROM idempotency_key WHERE principal = @Principal AND key = @Key AND status IS NULL";
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, new { Principal = principal, Key = key }, cancellationToken: ct));
    }

    private sealed record KeyRow(byte[] Fingerprint, int? Status, string? Location, string? Etag, string? Body);
}
