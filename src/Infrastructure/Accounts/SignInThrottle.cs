using Dapper;
using Npgsql;

namespace ResourceShare.Infrastructure.Accounts;

/// <summary>Whether an attempt may go ahead, and if not, in how many seconds it may.</summary>
public sealed record ThrottleVerdict(bool Allowed, int RetryAfterSeconds);

/// <summary>
/// Growing delays: <see cref="Free"/> attempts go through at once, then each further one only after a delay
/// that doubles with every attempt, from <see cref="FirstDelay"/> up to <see cref="LongestDelay"/>. The count
/// is forgotten <see cref="Memory"/> after the last attempt.
/// </summary>
public sealed record Backoff(int Free, TimeSpan FirstDelay, TimeSpan LongestDelay, TimeSpan Memory);

/// <summary>
/// Fixed-window counters and growing delays in PostgreSQL for sign-in, registration and refresh, so that the
/// limits hold across every API instance (a per-process counter would multiply an attacker's budget by the
/// instance count).
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

    /// <summary>
    /// Counts one attempt against <paramref name="key"/> unless <paramref name="backoff"/> says it comes too early;
    /// an attempt refused as too early does not count. <see cref="ClearAsync"/> forgets the attempts after a success.
    /// </summary>
    public async Task<ThrottleVerdict> AttemptAsync(string key, Backoff backoff, CancellationToken ct)
    {
        // The exponent stops at 30 (34 years of 1 s), where the interval would otherwise overflow.
        const string attempt = """
            INSERT INTO sign_in_backoff AS b (key, attempts, last_attempt_at)
            VALUES (lower(@Key), 1, now())
            ON CONFLICT (key) DO UPDATE
               SET attempts = CASE WHEN b.last_attempt_at <= now() - @Memory THEN 1 ELSE b.attempts + 1 END,
                   last_attempt_at = now()
             WHERE b.last_attempt_at <= now() - @Memory
                OR b.attempts < @Free
                OR b.last_attempt_at + least(@FirstDelay * power(2, least(b.attempts - @Free, 30)), @LongestDelay) <= now()
            RETURNING attempts
            """;
        const string wait = """
            SELECT ceil(extract(epoch FROM
                       last_attempt_at + least(@FirstDelay * power(2, least(attempts - @Free, 30)), @LongestDelay) - now()))::int
              FROM sign_in_backoff
             WHERE key = lower(@Key)
            """;
        var parameters = new { Key = key, backoff.Free, backoff.FirstDelay, backoff.LongestDelay, backoff.Memory };
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(attempt, parameters, cancellationToken: ct)) is not null)
        {
            return new ThrottleVerdict(true, 0);
        }

        var seconds = await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(wait, parameters, cancellationToken: ct));
        return new ThrottleVerdict(false, Math.Max(1, seconds ?? 1));
    }

    public async Task ClearAsync(string key, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM sign_in_backoff WHERE key = lower(@Key)", new { Key = key }, cancellationToken: ct));
    }

    private sealed record Bucket(int Hits, int RetryAfter);
}
