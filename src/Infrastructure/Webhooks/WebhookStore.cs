using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Webhooks;

/// <summary>
/// An association's webhook endpoints and their delivery log (0028_webhooks.sql), for its owners and coordinators
/// and its keys with webhooks:write. Every statement names the association, so an endpoint or message of another
/// association is not there (404).
/// </summary>
public sealed class WebhookStore(NpgsqlDataSource dataSource, WebhookSettings settings)
{
    private const string EndpointColumns =
        "id, association_id, url, event_types, enabled, disabled_at, consecutive_failures, failing_since, created_at, updated_at";

    private const string MessageColumns =
        "m.id, m.endpoint_id, m.event_type, m.payload, m.status, m.attempts, m.next_attempt_at, m.expires_at, m.created_at, m.finished_at";

    /// <summary>Whether the caller may manage the association's webhooks: null when allowed.</summary>
    public async Task<Refusal?> AuthorizeAsync(Guid associationId, Caller caller, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.ManageWebhooks, ct: ct);
    }

    public Task<(IReadOnlyList<WebhookEndpointRow>? Value, Refusal? Refusal)> ListAsync(Guid associationId, Caller caller, CancellationToken ct)
    {
        const string sql = "SELECT " + EndpointColumns + " FROM webhook_endpoint WHERE association_id = @AssociationId ORDER BY created_at, id";
        return AsManagerAsync<IReadOnlyList<WebhookEndpointRow>>(associationId, caller, async conn =>
            (await conn.QueryAsync<WebhookEndpointRow>(new CommandDefinition(sql, new { AssociationId = associationId }, cancellationToken: ct))).AsList(), ct);
    }

    public Task<(WebhookEndpointRow? Value, Refusal? Refusal)> GetAsync(Guid associationId, Guid webhookId, Caller caller, CancellationToken ct)
    {
        const string sql = "SELECT " + EndpointColumns + " FROM webhook_endpoint WHERE id = @Id AND association_id = @AssociationId";
        return AsManagerAsync(associationId, caller, conn => conn.QuerySingleOrDefaultAsync<WebhookEndpointRow>(new CommandDefinition(
            sql, new { Id = webhookId, AssociationId = associationId }, cancellationToken: ct)), ct);
    }

    public Task<(WebhookEndpointRow? Value, Refusal? Refusal)> CreateAsync(
        Guid associationId, string url, string[] eventTypes, string secret, Caller caller, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO webhook_endpoint (id, association_id, url, event_types, secret)
            VALUES (@Id, @AssociationId, @Url, @EventTypes, @Secret)
            RETURNING id, association_id, url, event_types, enabled, disabled_at, consecutive_failures, failing_since, created_at, updated_at
            """;
        return AsManagerAsync(associationId, caller, conn => conn.QuerySingleOrDefaultAsync<WebhookEndpointRow>(new CommandDefinition(
            sql, new { Id = Guid.CreateVersion7(), AssociationId = associationId, Url = url, EventTypes = eventTypes, Secret = secret },
            cancellationToken: ct)), ct);
    }

    /// <summary>
    /// Replaces the endpoint's address, event types and state. Enabling a disabled endpoint starts its count of
    /// failures afresh; its messages still within their retry window are delivered again.
    /// </summary>
    public Task<(WebhookEndpointRow? Value, Refusal? Refusal)> UpdateAsync(
        Guid associationId, Guid webhookId, string url, string[] eventTypes, bool enabled, Caller caller, CancellationToken ct)
    {
        const string sql = """
            UPDATE webhook_endpoint
               SET url = @Url, event_types = @EventTypes, enabled = @Enabled,
                   disabled_at = CASE WHEN @Enabled THEN NULL WHEN enabled THEN now() ELSE disabled_at END,
                   consecutive_failures = CASE WHEN @Enabled AND NOT enabled THEN 0 ELSE consecutive_failures END,
                   failing_since = CASE WHEN @Enabled AND NOT enabled THEN NULL ELSE failing_since END,
                   updated_at = now()
             WHERE id = @Id AND association_id = @AssociationId
            RETURNING id, association_id, url, event_types, enabled, disabled_at, consecutive_failures, failing_since, created_at, updated_at
            """;
        return AsManagerAsync(associationId, caller, conn => conn.QuerySingleOrDefaultAsync<WebhookEndpointRow>(new CommandDefinition(
            sql, new { Id = webhookId, AssociationId = associationId, Url = url, EventTypes = eventTypes, Enabled = enabled },
            cancellationToken: ct)), ct);
    }

    /// <summary>Gives the endpoint a new secret: every message from now on, retries included, is signed with it.</summary>
    public Task<(WebhookEndpointRow? Value, Refusal? Refusal)> RotateSecretAsync(
        Guid associationId, Guid webhookId, string secret, Caller caller, CancellationToken ct)
    {
        const string sql = """
            UPDATE webhook_endpoint SET secret = @Secret, updated_at = now()
             WHERE id = @Id AND association_id = @AssociationId
            RETURNING id, association_id, url, event_types, enabled, disabled_at, consecutive_failures, failing_since, created_at, updated_at
            """;
        return AsManagerAsync(associationId, caller, conn => conn.QuerySingleOrDefaultAsync<WebhookEndpointRow>(new CommandDefinition(
            sql, new { Id = webhookId, AssociationId = associationId, Secret = secret }, cancellationToken: ct)), ct);
    }

    /// <summary>Deletes the endpoint with its messages and their log.</summary>
    public async Task<Refusal?> DeleteAsync(Guid associationId, Guid webhookId, Caller caller, CancellationToken ct)
    {
        const string sql = "DELETE FROM webhook_endpoint WHERE id = @Id AND association_id = @AssociationId RETURNING id::text";
        var (_, refusal) = await AsManagerAsync(associationId, caller, conn => conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            sql, new { Id = webhookId, AssociationId = associationId }, cancellationToken: ct)), ct);
        return refusal;
    }

    /// <summary>The endpoint's messages after <paramref name="after"/> (or from the newest), newest first, each with its attempts.</summary>
    public Task<(IReadOnlyList<WebhookLogEntry>? Value, Refusal? Refusal)> LogAsync(
        Guid associationId, Guid webhookId, WebhookMessagePosition? after, int limit, Caller caller, CancellationToken ct)
    {
        const string endpoint = "SELECT true FROM webhook_endpoint WHERE id = @Id AND association_id = @AssociationId";
        const string messages = "SELECT " + MessageColumns + """

              FROM webhook_message m
             WHERE m.endpoint_id = @Id AND (@At::timestamptz IS NULL OR (m.created_at, m.id) < (@At, @MessageId))
             ORDER BY m.created_at DESC, m.id DESC
             LIMIT @Limit
            """;
        return AsManagerAsync<IReadOnlyList<WebhookLogEntry>>(associationId, caller, async conn =>
        {
            var args = new { Id = webhookId, AssociationId = associationId, after?.At, MessageId = after?.Id, Limit = limit };
            if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(endpoint, args, cancellationToken: ct)))
            {
                return null;
            }

            var rows = (await conn.QueryAsync<WebhookMessageRow>(new CommandDefinition(messages, args, cancellationToken: ct))).AsList();
            return await WithAttemptsAsync(conn, rows, ct);
        }, ct);
    }

    public Task<(WebhookLogEntry? Value, Refusal? Refusal)> MessageAsync(
        Guid associationId, Guid webhookId, string messageId, Caller caller, CancellationToken ct)
    {
        const string sql = "SELECT " + MessageColumns + """

              FROM webhook_message m
              JOIN webhook_endpoint e ON e.id = m.endpoint_id
             WHERE m.id = @MessageId AND m.endpoint_id = @Id AND e.association_id = @AssociationId
            """;
        return AsManagerAsync(associationId, caller, async conn =>
        {
            var row = await conn.QuerySingleOrDefaultAsync<WebhookMessageRow>(new CommandDefinition(
                sql, new { MessageId = messageId, Id = webhookId, AssociationId = associationId }, cancellationToken: ct));
            return row is null ? null : (await WithAttemptsAsync(conn, [row], ct))[0];
        }, ct);
    }

    /// <summary>
    /// Sends the message again, with the same webhook-id: it is due at once and gets a new retry window, whether it
    /// was delivered, dead or still being retried.
    /// </summary>
    public Task<(WebhookLogEntry? Value, Refusal? Refusal)> ReplayAsync(
        Guid associationId, Guid webhookId, string messageId, Caller caller, CancellationToken ct)
    {
        const string sql = """
            UPDATE webhook_message m
               SET status = 'pending', next_attempt_at = now(), expires_at = now() + @Window, finished_at = NULL
              FROM webhook_endpoint e
             WHERE m.id = @MessageId AND m.endpoint_id = @Id AND e.id = m.endpoint_id AND e.association_id = @AssociationId
            RETURNING m.id, m.endpoint_id, m.event_type, m.payload, m.status, m.attempts, m.next_attempt_at, m.expires_at, m.created_at, m.finished_at
            """;
        return AsManagerAsync(associationId, caller, async conn =>
        {
            var row = await conn.QuerySingleOrDefaultAsync<WebhookMessageRow>(new CommandDefinition(
                sql, new { MessageId = messageId, Id = webhookId, AssociationId = associationId, Window = settings.RetryWindow }, cancellationToken: ct));
            return row is null ? null : (await WithAttemptsAsync(conn, [row], ct))[0];
        }, ct);
    }

    private static async Task<List<WebhookLogEntry>> WithAttemptsAsync(NpgsqlConnection conn, IReadOnlyList<WebhookMessageRow> messages, CancellationToken ct)
    {
        const string sql = """
            SELECT message_id, attempted_at, status_code, duration_ms, error
              FROM webhook_attempt
             WHERE message_id = ANY(@Ids)
             ORDER BY id
            """;
        var attempts = (await conn.QueryAsync<WebhookAttemptRow>(new CommandDefinition(
            sql, new { Ids = messages.Select(m => m.Id).ToArray() }, cancellationToken: ct))).ToLookup(a => a.MessageId);
        return messages.Select(m => new WebhookLogEntry(m, attempts[m.Id].ToList())).ToList();
    }

    /// <summary>Runs <paramref name="action"/> when the caller may manage the association's webhooks; nothing found is a 404.</summary>
    private async Task<(T? Value, Refusal? Refusal)> AsManagerAsync<T>(
        Guid associationId, Caller caller, Func<NpgsqlConnection, Task<T?>> action, CancellationToken ct) where T : class
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.ManageWebhooks, ct: ct) is { } refusal)
        {
            return (null, refusal);
        }

        return await action(conn) is { } value ? (value, null) : (null, Refusal.NotFound);
    }
}
