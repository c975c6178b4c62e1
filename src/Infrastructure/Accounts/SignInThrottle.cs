using Dapper;
using Npgsql;

namespace ResourceShare.Infrastructure.Accounts;

/// <summary>Whether an attempt may go ahead, and if not, in how many seconds it may.</summary>
public sealed record ThrottleVerdict(bool Allowed, int RetryAfterSeconds);

/// <summary>
/// Fixed-window counters in PostgreSQL for sign-in, registration and refresh, so that the limits hold across
/// every API instance (a per-process counter would multiply an attacker's budget by the instance count).
/// </summary>
public sealed class SignInThrottle(NpgsqlDataSource dataSource)
{
    /// <summary>Counts one attempt against <paramref name="key"/>; refused once the window holds more than <paramref name="limit"/>.</summary>
    public async Task<ThrottleVerdict> HitAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO rate_limit_bucket AS b (key, window_start, hits)
            VALUES (@Key, now(), 1)
            ON CONFLICT (key) DO UPDATE
               SET hits = CASE WHEN b.window_start <= now() - @Window THEN 1 ELSE b.hits + 1 END,
                   window_start = CASE WHEN b.window_start <= now() - @Window THEN now() ELSE b.window_start END
            RETURNING hits, ceil(extract(epoch FROM b.window_start + @Window - now()))::int AS retry_after
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var bucket = await conn.QuerySingleAsync<Bucket>(new CommandDefinition(sql, new { Key = key, Window = window }, cancellationToken: ct));
        return new ThrottleVerdict(bucket.Hits <= limit, Math.Max(1, bucket.RetryAfter));
    }

    /// <summary>Whether <paramref name="key"/> is still under <paramref name="limit"/>, without counting.</summary>
    public async Task<ThrottleVerdict> PeekAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        const string sql = """
            SELECT hits, ceil(extract(epoch FROM window_start + @Window - now()))::int AS retry_after
              FROM rate_limit_bucket
             WHERE key = @Key AND window_start > now() - @Window
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var bucket = await conn.QuerySingleOrDefaultAsync<Bucket>(new CommandDefinition(sql, new { Key = key, Window = window }, cancellationToken: ct));
        return bucket is not null && bucket.Hits >= limit ? new ThrottleVerdict(false, Math.Max(1, bucket.RetryAfter)) : new ThrottleVerdict(true, 0);
    }

    public async Task ResetAsync(string key, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM rate_limit_bucket WHERE key = @Key", new { Key = key }, cancellationToken: ct));
    }

    private sealed record Bucket(int Hits, int RetryAfter);
}
