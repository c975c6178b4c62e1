using System.Text.Json;
using ResourceShare.Infrastructure.Notifications;

namespace ResourceShare.Api.Notifications;

/// <summary>
/// One inbox entry. kind names the event (snake_case); data is what the event recorded (e.g. counterpartName,
/// requestTitle, offerTitle, listingTitle, reason, score, rating, validUntil); title and text say it in the
/// language of Accept-Language.
/// </summary>
public sealed record NotificationResponse(
    Guid Id, string Kind, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, Guid? MatchId, Guid? ListingId, JsonElement Data,
    string Title, string Text)
{
    public static NotificationResponse From(NotificationRow notification)
    {
        using var data = JsonDocument.Parse(notification.Data);
        var (title, text) = NotificationTexts.Render(notification.Kind, data.RootElement);
        return new(notification.Id, notification.Kind, notification.CreatedAt, notification.ReadAt, notification.MatchId, notification.ListingId, data.RootElement.Clone(), title, text);
    }
}

public sealed record NotificationPageResponse(IReadOnlyList<NotificationResponse> Items, long UnreadCount, string? NextCursor);
