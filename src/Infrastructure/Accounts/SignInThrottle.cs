using Dapper;
using Npgsql;

namespace ResourceShare.Infrastructure.Accounts;

/// <summary>Whether an attempt may go ahead, and if not, in how many seconds it may.</summary>
public sealed record ThrottleVerdict(bool Allowed, int RetryAfterSeconds);

/// <summary>
/// Fixed-window counters in PostgreSQL for sign-in, registration and refresh, so that the limits hold across
/// every API instance (a per-process counter would multiply an attacker's budget by the instance count).
/// Keys are lowered by the database, the way it compares emails (lower(email)): every spelling of an email
/// that finds the account counts against one key. (.NET lowers some letters differently, e.g. "İ".)
/// </summary>
public sealed class SignInThrottle(NpgsqlDataSource dataSource)
{
    /// <summary>Counts one attempt against <paramref name="key"/>; refused once the window holds more than <paramref name="limit"/>.</summary>
    public async Task<ThrottleVerdict> HitAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO rate_limit_bucket AS b (key, window_start, hits)
            VALUES (lower(@Key), now(), 1)
            ON CONFLICT (key) DO UPDATE
               SET hits = CASE WHEN b.window_start <= now() - @Window THEN 1 ELSE b.hits + 1 END,
                   window_start = CASE WHEN b.window_start <= now() - @Window THEN now() ELSE b.window_start END
            RETURNING hits, ceil(extract(epoch FROM b.window_start + @Window - now()))::int AS retry_after
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var bucket = await conn.QuerySingleAsync<Bucket>(new CommandDefinition(sql, new { Key = key, Window = window }, cancellationToken: ct));
        return new ThrottleVerdict(bucket.Hits <= limit, Math.Max(1, bucket.RetryAfter));
    }

    public async Task ResetAsync(string key, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM rate_limit_bucket WHERE key = lower(@Key)", new { Key = key }, cancellationToken: ct));
    }

    private sealed record Bucket(int Hits, int RetryAfter);
}
