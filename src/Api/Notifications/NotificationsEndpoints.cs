using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Api.OpenApi;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Notifications;

namespace ResourceShare.Api.Notifications;

public static class NotificationsEndpoints
{
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/associations/{id:guid}/notifications")
            .WithTag("Notifications", "Each association's inbox: proposals, bookings, messages, feedback, expiring listings and moderation decisions.")
            .RequireAuthorization(AuthSetup.UserOrKeyPolicy).WithValidation();

        group.MapGet("/", ListAsync)
            .WithName("ListNotifications").WithSummary("The association's inbox, newest first")
            .WithDescription("For its members and its API keys with matches:write. unread=true lists only unread entries, unread=false only read " +
                             "ones. Each entry has its kind, the match or listing it is about, its data and a title and text in the language of " +
                             "Accept-Language; unreadCount counts the whole inbox. Cursor-paged.");
        group.MapPost("/{notificationId:guid}/read", MarkReadAsync)
            .WithName("MarkNotificationRead").WithSummary("Mark one entry read")
            .WithDescription("Idempotent: an entry read before keeps the instant it was first read.");
        group.MapPost("/read-all", MarkAllReadAsync)
            .WithName("MarkAllNotificationsRead").WithSummary("Mark every unread entry read")
            .WithDescription("With before, only the entries created at or before that instant (pass the createdAt of the newest entry shown, " +
                             "so that entries arriving meanwhile stay unread). Idempotent.");
        return app;
    }

    private static async Task<Results<Ok<NotificationPageResponse>, ValidationProblem, ProblemHttpResult>> ListAsync(
        Guid id, [FromQuery(Name = "unread")] bool? unread, [AsParameters] PageQuery query, Caller caller, NotificationStore notifications, CancellationToken ct)
    {
        if (!Cursor.TryDecode(query.Cursor, ApiJsonContext.Default.NotificationPosition, out var after))
        {
            return Problems.Validation(Cursor.InvalidError());
        }

        var limit = query.Limit ?? PageQuery.DefaultLimit;
        var filter = unread switch { true => ReadFilter.Unread, false => ReadFilter.Read, null => ReadFilter.All };
        var (page, refusal) = await notifications.ListAsync(id, caller, filter, after, limit + 1, ct);
        if (page is null)
        {
            return Problems.Of(refusal);
        }

        var rows = page.Rows.Take(limit).ToList();
        var next = page.Rows.Count > limit
            ? Cursor.Encode(new NotificationPosition(rows[^1].CreatedAt, rows[^1].Id), ApiJsonContext.Default.NotificationPosition)
            : null;
        return TypedResults.Ok(new NotificationPageResponse(rows.Select(NotificationResponse.From).ToList(), page.UnreadCount, next));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(
        Guid id, Guid notificationId, Caller caller, NotificationStore notifications, CancellationToken ct) =>
        await notifications.MarkReadAsync(id, notificationId, caller, ct) is { } refusal ? Problems.Of(refusal) : TypedResults.NoContent();

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkAllReadAsync(
        Guid id, [FromQuery(Name = "before")] DateTimeOffset? before, Caller caller, NotificationStore notifications, CancellationToken ct) =>
        await notifications.MarkAllReadAsync(id, before?.UtcDateTime, caller, ct) is { } refusal ? Problems.Of(refusal) : TypedResults.NoContent();

}
