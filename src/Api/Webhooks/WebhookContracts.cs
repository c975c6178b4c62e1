using System.Text.Json;
using FluentValidation;
using ResourceShare.Api.Http;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Webhooks;

namespace ResourceShare.Api.Webhooks;

/// <summary>A new webhook endpoint: where to send which events.</summary>
public sealed record CreateWebhookRequest(string? Url, string[]? EventTypes);

/// <summary>The endpoint's address, events and state, all replaced; enabled=true turns a disabled endpoint on again.</summary>
public sealed record UpdateWebhookRequest(string? Url, string[]? EventTypes, bool? Enabled);

public sealed record WebhookResponse(
    Guid Id, string Url, IReadOnlyList<string> EventTypes, bool Enabled, DateTimeOffset? DisabledAt, int ConsecutiveFailures,
    DateTimeOffset? FailingSince, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static WebhookResponse From(WebhookEndpointRow row) => new(
        row.Id, row.Url, row.EventTypes, row.Enabled, Utc(row.DisabledAt), row.ConsecutiveFailures, Utc(row.FailingSince), Utc(row.CreatedAt),
        Utc(row.UpdatedAt));

    internal static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    internal static DateTimeOffset? Utc(DateTime? at) => at is { } value ? Utc(value) : null;
}

/// <summary>An endpoint with its signing secret, which is shown only in this answer.</summary>
public sealed record WebhookSecretResponse(WebhookResponse Webhook, string Secret);

public sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Items);

/// <summary>One attempt: the receiver's status code (null when no answer came), how long it took, and what went wrong.</summary>
public sealed record WebhookAttemptResponse(DateTimeOffset AttemptedAt, int? StatusCode, int DurationMs, string? Error);

/// <summary>
/// A message of the delivery log: its webhook-id, its status (pending, delivered, dead), its attempts and, while
/// pending, when the next attempt is due; the payload is the JSON that was signed and sent.
/// </summary>
public sealed record WebhookMessageResponse(
    string Id, string EventType, string Status, int AttemptCount, DateTimeOffset? NextAttemptAt, DateTimeOffset ExpiresAt, DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt, JsonElement Payload, IReadOnlyList<WebhookAttemptResponse> Attempts)
{
    public static WebhookMessageResponse From(WebhookLogEntry entry)
    {
        var m = entry.Message;
        using var payload = JsonDocument.Parse(m.Payload);
        return new(
            m.Id, m.EventType, m.Status, m.Attempts, m.Status == "pending" ? WebhookResponse.Utc(m.NextAttemptAt) : null, WebhookResponse.Utc(m.ExpiresAt),
            WebhookResponse.Utc(m.CreatedAt), WebhookResponse.Utc(m.FinishedAt), payload.RootElement.Clone(),
            entry.Attempts.Select(a => new WebhookAttemptResponse(WebhookResponse.Utc(a.AttemptedAt), a.StatusCode, a.DurationMs, a.Error)).ToList());
    }
}

public sealed record WebhookLogResponse(IReadOnlyList<WebhookMessageResponse> Items, string? NextCursor);

public static class WebhookRules
{
    public const int MaxUrlLength = 2000;

    /// <summary>The event types an endpoint may choose: the kinds of inbox entries, as the API writes them.</summary>
    public static IReadOnlyList<string> EventTypes { get; } = Enum.GetValues<NotificationKind>().Select(EnumText<NotificationKind>.Of).ToArray();

    private static readonly UserText NotAWebhookUrl = new(
        "An absolute https URL without user name or password, and without fragment.",
        "Eine absolute https-URL ohne Benutzername oder Passwort und ohne Fragment.");

    private static readonly UserText EachTypeOnce = new("Each event type at most once.", "Jeder Ereignistyp höchstens einmal.");

    public static IRuleBuilderOptions<T, string?> WebhookUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(MaxUrlLength).Must(url => url is null || IsWebhookUrl(url)).WithMessage(_ => NotAWebhookUrl.ToString());

    public static IRuleBuilderOptions<T, string[]?> WebhookEventTypes<T>(this IRuleBuilder<T, string[]?> rule) =>
        rule.NotEmpty().ItemCount(1, EventTypes.Count).Must(t => t is null || t.Distinct().Count() == t.Length).WithMessage(_ => EachTypeOnce.ToString());

    /// <summary>Whether the URL could be a receiver's; whether its host may be reached is decided by <see cref="WebhookTargets"/>.</summary>
    private static bool IsWebhookUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.UserInfo.Length == 0 && uri.Fragment.Length == 0 && uri.Host.Length > 0;
}

public sealed class CreateWebhookRequestValidator : AbstractValidator<CreateWebhookRequest>
{
    public CreateWebhookRequestValidator()
    {
        RuleFor(x => x.Url).WebhookUrl();
        RuleFor(x => x.EventTypes).WebhookEventTypes();
        RuleForEach(x => x.EventTypes).AllowedValues(WebhookRules.EventTypes);
    }
}

public sealed class UpdateWebhookRequestValidator : AbstractValidator<UpdateWebhookRequest>
{
    public UpdateWebhookRequestValidator()
    {
        RuleFor(x => x.Url).WebhookUrl();
        RuleFor(x => x.EventTypes).WebhookEventTypes();
        RuleForEach(x => x.EventTypes).AllowedValues(WebhookRules.EventTypes);
        RuleFor(x => x.Enabled).NotNull();
    }
}
