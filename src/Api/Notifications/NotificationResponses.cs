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
    public static NotificationResponse From(NotificationRow n)
    {
        using var data = JsonDocument.Parse(n.Data);
        var (title, text) = NotificationTexts.Render(n.Kind, data.RootElement);
        return new(n.Id, n.Kind, n.CreatedAt, n.ReadAt, n.MatchId, n.ListingId, data.RootElement.Clone(), title, text);
    }
}

public sealed record NotificationPageResponse(IReadOnlyList<NotificationResponse> Items, long UnreadCount, string? NextCursor);
