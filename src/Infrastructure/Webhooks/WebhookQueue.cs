using System.Text.Json;
using Dapper;
using Npgsql;
using ResourceShare.Domain.Notifications;
using ResourceShare.Domain.Webhooks;
using ResourceShare.Infrastructure.Notifications;

namespace ResourceShare.Infrastructure.Webhooks;

/// <summary>The senders' side of the webhook messages: claiming due ones under a lease, recording each attempt, tidying up.</summary>
public sealed class WebhookQueue(NpgsqlDataSource dataSource, WebhookSettings settings)
{
    /// <summary>
    /// Claims up to <see cref="WebhookSettings.BatchSize"/> due messages of enabled endpoints. The row locks last only
    /// for this statement (SKIP LOCKED keeps other instances off them meanwhile); afterwards the lease keeps them:
    /// their next attempt moves past the lease, so they are due again only if this sender never records the attempt.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedWebhookMessage>> ClaimAsync(CancellationToken ct)
    {
        const string sql = """
            WITH due AS (
                SELECT m.id
                  FROM webhook_message m
                  JOIN webhook_endpoint e ON e.id = m.endpoint_id
                 WHERE m.status = 'pending' AND m.next_attempt_at <= now() AND e.enabled
                 ORDER BY m.next_attempt_at
                 LIMIT @BatchSize
                   FOR UPDATE OF m SKIP LOCKED
            )
            UPDATE webhook_message m
               SET next_attempt_at = now() + @Lease, attempts = m.attempts + 1
              FROM due, webhook_endpoint e
             WHERE m.id = due.id AND e.id = m.endpoint_id
            RETURNING m.id, m.endpoint_id, e.url, e.secret, m.payload, m.attempts, m.next_attempt_at AS leased_until
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<ClaimedWebhookMessage>(new CommandDefinition(
            sql, new { settings.BatchSize, settings.Lease }, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// Records an attempt. A delivery ends the message and the endpoint's run of failures; a failure schedules the
    /// next attempt after the back-off, or makes the message dead when that would be past its retry window, and
    /// disables the endpoint (notifying its association) once its run of failures is long and old enough. The message
    /// changes only while it still holds this claim's lease: a replay during the attempt made it due again, and it stays so.
    /// </summary>
    public async Task RecordAsync(ClaimedWebhookMessage message, WebhookOutcome outcome, CancellationToken ct)
    {
        // The endpoint, and with it the message, may have been deleted during the attempt: then there is nothing to
        // record. Locking the endpoint first, as its deletion does, keeps it there until this transaction ends.
        const string lockEndpoint = "SELECT true FROM webhook_endpoint WHERE id = @EndpointId FOR UPDATE";
        const string attempt = """
            INSERT INTO webhook_attempt (message_id, attempted_at, status_code, duration_ms, error)
            VALUES (@Id, @AttemptedAt, @StatusCode, @DurationMs, @Error)
            """;
        const string delivered = """
            UPDATE webhook_message SET status = 'delivered', finished_at = now()
             WHERE id = @Id AND status = 'pending' AND next_attempt_at = @LeasedUntil;
            UPDATE webhook_endpoint SET consecutive_failures = 0, failing_since = NULL WHERE id = @EndpointId AND consecutive_failures > 0;
            """;
        const string failed = """
            UPDATE webhook_message
               SET status = CASE WHEN now() + @Delay > expires_at THEN 'dead' ELSE 'pending' END,
                   next_attempt_at = now() + @Delay,
                   finished_at = CASE WHEN now() + @Delay > expires_at THEN now() END
             WHERE id = @Id AND status = 'pending' AND next_attempt_at = @LeasedUntil
            """;
        const string failing = """
            UPDATE webhook_endpoint
               SET consecutive_failures = consecutive_failures + 1, failing_since = coalesce(failing_since, now())
             WHERE id = @EndpointId
            RETURNING association_id, url, consecutive_failures,
                      enabled AND consecutive_failures >= @DisableAfterFailures AND failing_since <= now() - @DisableAfter AS disable
            """;
        const string disable = """
            UPDATE webhook_endpoint SET enabled = false, disabled_at = now(), updated_at = now() WHERE id = @EndpointId AND enabled
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(lockEndpoint, new { message.EndpointId }, tx, cancellationToken: ct)))
        {
            return;
        }

        await conn.ExecuteAsync(new CommandDefinition(attempt, new
        {
            message.Id,
            outcome.AttemptedAt,
            outcome.StatusCode,
            DurationMs = (int)Math.Min(outcome.Duration.TotalMilliseconds, int.MaxValue),
            outcome.Error,
        }, tx, cancellationToken: ct));
        if (outcome.Delivered)
        {
            await conn.ExecuteAsync(new CommandDefinition(delivered, new { message.Id, message.EndpointId, message.LeasedUntil }, tx, cancellationToken: ct));
        }
        else
        {
            var delay = WebhookRetry.Delay(message.Attempts, settings.RetryBase, settings.RetryMax, Random.Shared.NextDouble());
            await conn.ExecuteAsync(new CommandDefinition(failed, new { message.Id, message.LeasedUntil, Delay = delay }, tx, cancellationToken: ct));
            var endpoint = await conn.QuerySingleAsync<FailingEndpoint>(new CommandDefinition(
                failing, new { message.EndpointId, settings.DisableAfterFailures, settings.DisableAfter }, tx, cancellationToken: ct));
            if (endpoint.Disable && await conn.ExecuteAsync(new CommandDefinition(disable, new { message.EndpointId }, tx, cancellationToken: ct)) == 1)
            {
                var data = JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["webhookId"] = message.EndpointId,
                    ["webhookUrl"] = endpoint.Url,
                    ["failures"] = endpoint.ConsecutiveFailures,
                });
                await Notifications.Notifications.WriteAsync(
                    conn, tx, new NotificationEntry(endpoint.AssociationId, NotificationKind.WebhookDisabled, Data: data), ct);
            }
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Makes the expired messages of disabled endpoints dead (no attempt will come for them) and deletes messages
    /// finished longer ago than the log is kept.
    /// </summary>
    public async Task TidyAsync(CancellationToken ct)
    {
        const string sql = """
            UPDATE webhook_message m SET status = 'dead', finished_at = now()
              FROM webhook_endpoint e
             WHERE e.id = m.endpoint_id AND NOT e.enabled AND m.status = 'pending' AND m.expires_at < now();
            DELETE FROM webhook_message WHERE status <> 'pending' AND finished_at < now() - @KeepLog;
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, new { settings.KeepLog }, cancellationToken: ct));
    }

    private sealed record FailingEndpoint(Guid AssociationId, string Url, int ConsecutiveFailures, bool Disable);
}
