namespace ResourceShare.Infrastructure.Webhooks;

/// <summary>A webhook endpoint as its association sees it; the secret is never read back.</summary>
public sealed record WebhookEndpointRow(
    Guid Id, Guid AssociationId, string Url, string[] EventTypes, bool Enabled, DateTime? DisabledAt, int ConsecutiveFailures,
    DateTime? FailingSince, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>A message of the delivery log.</summary>
public sealed record WebhookMessageRow(
    string Id, Guid EndpointId, string EventType, string Payload, string Status, int Attempts, DateTime NextAttemptAt, DateTime ExpiresAt,
    DateTime CreatedAt, DateTime? FinishedAt);

/// <summary>One attempt to deliver a message: the receiver's status code (none when no answer came), how long it took, what went wrong.</summary>
public sealed record WebhookAttemptRow(string MessageId, DateTime AttemptedAt, int? StatusCode, int DurationMs, string? Error);

/// <summary>A message with its attempts, oldest first.</summary>
public sealed record WebhookLogEntry(WebhookMessageRow Message, IReadOnlyList<WebhookAttemptRow> Attempts);

/// <summary>A message a sender claimed, with what it needs to send it and the lease its claim set (<see cref="LeasedUntil"/>).</summary>
public sealed record ClaimedWebhookMessage(string Id, Guid EndpointId, string Url, string Secret, string Payload, int Attempts, DateTime LeasedUntil);

/// <summary>How an attempt ended: a 2xx status is a delivery, anything else (another status, no answer, a refusal) a failure.</summary>
public sealed record WebhookOutcome(DateTime AttemptedAt, int? StatusCode, TimeSpan Duration, string? Error)
{
    public bool Delivered => StatusCode is >= 200 and <= 299 && Error is null;
}

/// <summary>Where a page of the delivery log ends: the last message's creation time and id.</summary>
public sealed record WebhookMessagePosition(DateTime At, string Id);
