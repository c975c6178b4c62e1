using Microsoft.AspNetCore.Http.HttpResults;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Api.OpenApi;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Calendar;

namespace ResourceShare.Api.Calendar;

/// <summary>The state of an association's calendar feed; the URL itself is shown only when it is made.</summary>
public sealed record CalendarFeedStatusResponse(bool Active, DateTimeOffset? CreatedAt);

/// <summary>A new feed URL: it carries the secret, and is shown this once.</summary>
public sealed record CalendarFeedResponse(string Url, DateTimeOffset CreatedAt);

public static class CalendarEndpoints
{
    public const string FeedPrefix = "rsc_";

    private const string Tag = "Calendar";

    public static IEndpointRouteBuilder MapCalendar(this IEndpointRouteBuilder app)
    {
        const string tagDescription = "An association's bookings in calendar programs: a feed at a secret URL (iCalendar, RFC 5545) and an .ics file per booking.";
        var feed = app.MapGroup("/api/v1/associations/{id:guid}/calendar-feed").WithTag(Tag, tagDescription)
            .RequireAuthorization(AuthSetup.UserOrKeyPolicy).WithValidation();
        feed.MapGet("/", StatusAsync)
            .WithName("GetCalendarFeed").WithSummary("Whether the association has a calendar feed, and since when")
            .WithDescription("For its members and its keys with matches:write. The URL is not shown again: renew the feed to get a new one.");
        feed.MapPost("/", RenewAsync)
            .WithName("RenewCalendarFeed").WithSummary("Make the calendar feed, or give it a new secret URL")
            .WithDescription("Owners and coordinators (or a key with matches:write). The answer holds the URL, shown this once; a URL made " +
                             "before stops working at once. Calendar programs subscribe to it without credentials: treat it as a password.");
        feed.MapDelete("/", RevokeAsync)
            .WithName("RevokeCalendarFeed").WithSummary("End the calendar feed")
            .WithDescription("Its URL answers 404 from now on. Idempotent.");

        // A feed secret is rsc_ and 32 random bytes in base64url (Tokens.NewSecret): 47 characters.
        app.MapGet("/api/v1/calendar-feeds/{token:length(47)}.ics", FeedAsync).WithTag(Tag, tagDescription).AllowAnonymous()
            .WithName("GetCalendarFeedContent").WithSummary("The calendar feed behind a secret URL")
            .WithDescription($"text/calendar: every booking of the association as provider or requester that ended less than {CalendarStore.PastDays} " +
                             "days ago or is still ahead, in Europe/Berlin time; a cancelled booking stays with STATUS:CANCELLED. 404 for an " +
                             "unknown, renewed or revoked URL.")
            .Produces<string>(StatusCodes.Status200OK, BookingCalendar.MediaType);
        app.MapGet("/api/v1/associations/{id:guid}/bookings/{bookingId:guid}.ics", BookingAsync).WithTag(Tag, tagDescription)
            .RequireAuthorization(AuthSetup.UserOrKeyPolicy)
            .WithName("GetBookingCalendar").WithSummary("One booking as an .ics file")
            .WithDescription("For the association's members and its keys with matches:write; the same event, with the same UID, as in the feed.")
            .Produces<string>(StatusCodes.Status200OK, BookingCalendar.MediaType);
        return app;
    }

    private static async Task<Results<Ok<CalendarFeedStatusResponse>, ProblemHttpResult>> StatusAsync(
        Guid id, Caller caller, CalendarStore calendars, CancellationToken ct)
    {
        var (createdAt, refusal) = await calendars.StatusAsync(id, caller, ct);
        return refusal is { } refused
            ? Problems.Of(refused)
            : TypedResults.Ok(new CalendarFeedStatusResponse(createdAt is not null, createdAt is { } at ? Utc(at) : null));
    }

    private static async Task<Results<Ok<CalendarFeedResponse>, ProblemHttpResult>> RenewAsync(
        Guid id, Caller caller, HttpContext http, CalendarStore calendars, CancellationToken ct)
    {
        var token = Tokens.NewSecret(FeedPrefix);
        var (createdAt, refusal) = await calendars.RenewAsync(id, Tokens.HashSecret(token), caller, ct);
        if (refusal is { } refused)
        {
            return Problems.Of(refused);
        }

        var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/api/v1/calendar-feeds/{token}.ics";
        return TypedResults.Ok(new CalendarFeedResponse(url, Utc(createdAt!.Value)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, Caller caller, CalendarStore calendars, CancellationToken ct) =>
        await calendars.RevokeAsync(id, caller, ct) is { } refusal ? Problems.Of(refusal) : TypedResults.NoContent();

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> FeedAsync(
        string token, HttpContext http, CalendarStore calendars, CancellationToken ct)
    {
        var content = token.StartsWith(FeedPrefix, StringComparison.Ordinal) ? await calendars.FeedAsync(Tokens.HashSecret(token), ct) : null;
        if (content is null)
        {
            return Problems.Of(ProblemType.NotFound);
        }

        // The URL is a credential: neither the answer nor the URL belongs in a shared cache.
        http.Response.Headers.CacheControl = "private, no-store";
        return Ics(content);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> BookingAsync(
        Guid id, Guid bookingId, Caller caller, CalendarStore calendars, CancellationToken ct)
    {
        var (content, refusal) = await calendars.BookingAsync(id, bookingId, caller, ct);
        return refusal is { } refused ? Problems.Of(refused) : Ics(content!);
    }

    private static ContentHttpResult Ics(CalendarContent content) =>
        TypedResults.Text(BookingCalendar.Write(content), BookingCalendar.MediaType + "; charset=utf-8");

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}
