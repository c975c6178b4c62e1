using Dapper;
using Npgsql;

namespace ResourceShare.Infrastructure.Idempotency;

public sealed record StoredResponse(int Status, string? Location, string? ETag, string Body);

/// <summary>What is known of a key before its request runs.</summary>
public abstract record KeyState
{
    public sealed record Unused : KeyState;

    /// <summary>A request with this key succeeded: its answer, to replay.</summary>
    public sealed record Answered(StoredResponse Response) : KeyState;

    /// <summary>The key was used for a different request.</summary>
    public sealed record Mismatch : KeyState;
}

public sealed class IdempotencyStore(NpgsqlDataSource dataSource)
{
    /// <summary>How long a key is remembered.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async Task<KeyState> LookupAsync(string principal, string key, byte[] fingerprint, CancellationToken ct)
    {
        const string sql = """
            SELECT fingerprint, status, location, etag, body FROM idempotency_key
             WHERE principal = @Principal AND key = @Key AND created_at >= now() - @Retention
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            sql, new { Principal = principal, Key = key, Retention }, cancellationToken: ct));
        return row switch
        {
            null => new KeyState.Unused(),
            _ when !row.Fingerprint.AsSpan().SequenceEqual(fingerprint) => new KeyState.Mismatch(),
            _ => new KeyState.Answered(new StoredResponse(row.Status, row.Location, row.Etag, row.Body)),
        };
    }

    /// <summary>The transaction of a request with this key; see <see cref="IdempotentRequest"/>.</summary>
    public IdempotentRequest Begin(string principal, string key, byte[] fingerprint) => new(dataSource, principal, key, fingerprint);

    private sealed record KeyRow(byte[] Fingerprint, int Status, string? Location, string? Etag, string Body);
}
