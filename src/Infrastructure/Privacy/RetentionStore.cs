using Dapper;
using Npgsql;

namespace ResourceShare.Infrastructure.Privacy;

/// <summary>How long data that has served its purpose is kept before the retention job deletes or clears it.</summary>
public sealed record RetentionPeriods(
    TimeSpan RefreshTokens, TimeSpan IdempotencyRecords, TimeSpan RateLimitBuckets, TimeSpan SignInBackoff, TimeSpan Notifications,
    TimeSpan StreetAddresses, TimeSpan MatchMessages);

/// <summary>What one retention run deleted or cleared, per kind.</summary>
public sealed record RetentionRun(
    int RefreshTokens, int IdempotencyRecords, int RateLimitBuckets, int SignInBackoff, int Notifications, int StreetAddresses, int MatchMessages)
{
    public int Total => RefreshTokens + IdempotencyRecords + RateLimitBuckets + SignInBackoff + Notifications + StreetAddresses + MatchMessages;
}

/// <summary>
/// Deletes or clears what has outlived its purpose (the retention column of the personal data inventory), in batches.
/// Every API instance runs it: each statement claims its rows with FOR UPDATE SKIP LOCKED, so instances share the
/// work instead of waiting for each other, and rows a request holds are left for the next run.
/// </summary>
public sealed class RetentionStore(NpgsqlDataSource dataSource)
{
    public async Task<RetentionRun> RunOnceAsync(RetentionPeriods periods, int batch, CancellationToken ct)
    {
        // A used refresh token stays until it expires: presenting it again must still revoke its family.
        const string sql = """
            WITH gone AS (
                DELETE FROM refresh_token WHERE id IN (
                    SELECT id FROM refresh_token
                     WHERE expires_at < now() - @RefreshTokens OR revoked_at < now() - @RefreshTokens
                     LIMIT @Batch FOR UPDATE SKIP LOCKED)
                RETURNING 1)
            SELECT count(*)::int FROM gone;
            WITH gone AS (
                DELETE FROM idempotency_key WHERE (principal, key) IN (
                    SELECT principal, key FROM idempotency_key WHERE created_at < now() - @IdempotencyRecords
                     LIMIT @Batch FOR UPDATE SKIP LOCKED)
                RETURNING 1)
            SELECT count(*)::int FROM gone;
            WITH gone AS (
                DELETE FROM rate_limit_bucket WHERE key IN (
                    SELECT key FROM rate_limit_bucket WHERE window_start < now() - @RateLimitBuckets
                     LIMIT @Batch FOR UPDATE SKIP LOCKED)
                RETURNING 1)
            SELECT count(*)::int FROM gone;
            WITH gone AS (
                DELETE FROM sign_in_backoff WHERE key IN (
                    SELECT key FROM sign_in_backoff WHERE last_attempt_at < now() - @SignInBackoff
                     LIMIT @Batch FOR UPDATE SKIP LOCKED)
                RETURNING 1)
            SELECT count(*)::int FROM gone;
            WITH gone AS (
                DELETE FROM notification WHERE id IN (
                    SELECT id FROM notification WHERE created_at < now() - @Notifications
                     LIMIT @Batch FOR UPDATE SKIP LOCKED)
                RETURNING 1)
            SELECT count(*)::int FROM gone;
            WITH cleared AS (
                UPDATE listing SET street_address = NULL WHERE id IN (
                    SELECT id FROM listing
                     WHERE street_address IS NOT NULL AND status IN ('closed', 'expired', 'rejected', 'removed')
                       AND updated_at < now() - @StreetAddresses
                     LIMIT @Batch FOR NO KEY UPDATE SKIP LOCKED)
                RETURNING 1)
            SELECT count(*)::int FROM cleared;
            WITH gone AS (
                DELETE FROM match_message WHERE id IN (
                    SELECT mm.id FROM match_message mm JOIN match m ON m.id = mm.match_id
                     WHERE m.status = 'completed' AND m.ends_at < now() - @MatchMessages
                     LIMIT @Batch FOR UPDATE OF mm SKIP LOCKED)
                RETURNING 1)
            SELECT count(*)::int FROM gone;
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var reader = await conn.QueryMultipleAsync(new CommandDefinition(
            sql,
            new
            {
                periods.RefreshTokens, periods.IdempotencyRecords, periods.RateLimitBuckets, periods.SignInBackoff, periods.Notifications,
                periods.StreetAddresses, periods.MatchMessages, Batch = batch,
            },
            cancellationToken: ct));
        return new RetentionRun(
            await reader.ReadSingleAsync<int>(), await reader.ReadSingleAsync<int>(), await reader.ReadSingleAsync<int>(),
            await reader.ReadSingleAsync<int>(), await reader.ReadSingleAsync<int>(), await reader.ReadSingleAsync<int>(),
            await reader.ReadSingleAsync<int>());
    }
}
