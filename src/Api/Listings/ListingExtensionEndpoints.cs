using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Api.Mail;
using ResourceShare.Api.Notifications;
using ResourceShare.Api.OpenApi;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Listings;
using ResourceShare.Infrastructure.Listings;

namespace ResourceShare.Api.Listings;

/// <summary>
/// "Still current": a live listing's validUntil moves <see cref="ListingRules.ExtensionDays"/> days later, to at most
/// <see cref="ListingRules.MaxValidDays"/> days from now — by its managers, or by the link in an expiry reminder.
/// </summary>
public static class ListingExtensionEndpoints
{
    private static readonly UserText ConfirmTitle = new("Still current?", "Noch aktuell?");
    private static readonly UserText ConfirmQuestion = new(
        "Is “{0}” still current? It then stays published for another {1} days.",
        "Ist „{0}“ noch aktuell? Dann bleibt die Anzeige weitere {1} Tage veröffentlicht.");
    private static readonly UserText ConfirmButton = new("Yes, still current", "Ja, noch aktuell");
    private static readonly UserText DoneTitle = new("Extended", "Verlängert");
    private static readonly UserText Done = new("“{0}” is now valid until {1}.", "„{0}“ ist jetzt gültig bis zum {1}.");
    private static readonly UserText NotGenuineDetail = new(
        "This link is not valid. Open the listing on ResourceShare to extend it.",
        "Dieser Link ist nicht gültig. Öffnen Sie die Anzeige bei ResourceShare, um sie zu verlängern.");
    private static readonly UserText UsedDetail = new(
        "This link no longer works: the listing was extended or changed since the reminder, or it is no longer published or paused " +
        "(closed, expired, removed or deleted). Open the listing on ResourceShare to see where it stands.",
        "Dieser Link gilt nicht mehr: Die Anzeige wurde seit der Erinnerung verlängert oder geändert, oder sie ist nicht mehr veröffentlicht " +
        "oder pausiert (geschlossen, abgelaufen, entfernt oder gelöscht). Öffnen Sie die Anzeige bei ResourceShare, um ihren Stand zu sehen.");

    public static IEndpointRouteBuilder MapListingExtension(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/listings/{id:guid}/extend", ExtendAsync).WithTag(ListingsEndpoints.Tag, ListingsEndpoints.TagDescription)
            .RequireAuthorization(AuthSetup.UserOrKeyPolicy).WithValidation()
            .WithName("ExtendListing").WithETag().WithSummary("Mark a listing as still current")
            .WithDescription($"Coordinators and owners, or an API key with listings:write. Moves validUntil {ListingRules.ExtensionDays} days later " +
                             $"(from now, if it has just passed), to at most {ListingRules.MaxValidDays} days from now. Published and paused listings " +
                             "only: an expired listing stays expired. Honours If-Match.")
            .AnswersProblem(409, "Type invalid-transition, with currentStatus: only published and paused listings can be extended.");

        var link = app.MapGroup("/api/v1/listings/still-current").WithTag(ListingsEndpoints.Tag, ListingsEndpoints.TagDescription).AllowAnonymous().WithValidation();
        link.MapGet("/", ConfirmAsync).WithName("ConfirmListingStillCurrent").WithSummary("The page behind an expiry reminder's \"still current\" link")
            .WithDescription("A page (text/html) with a button that posts; nothing changes on GET, so link scanners and previews only read it.")
            .Produces<string>(StatusCodes.Status200OK, Html.ContentType)
            .AnswersProblem(404, "The token is not genuine (altered, cut short, or signed with a key no longer in use).")
            .AnswersProblem(410, "The link can no longer extend the listing (see ListingStillCurrent).");
        link.MapPost("/", StillCurrentAsync).WithName("ListingStillCurrent").WithSummary("Extend a listing from an expiry reminder's link")
            .WithDescription($"Without signing in: extends the reminded listing as ExtendListing does, once per reminder — only while its validUntil " +
                             "is still the one the reminder named and it is published or paused. Answers a page (text/html).")
            .Produces<string>(StatusCodes.Status200OK, Html.ContentType)
            .AnswersProblem(404, "The token is not genuine.")
            .AnswersProblem(410, "The link has done its work or can no longer: the listing was extended or changed since the reminder, " +
                                 "or it is no longer published or paused.");
        return app;
    }

    private static async Task<Results<Ok<ListingResponse>, ProblemHttpResult>> ExtendAsync(
        Guid id, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, ListingStore listings, CancellationToken ct) =>
        ListingsEndpoints.ChangeResult(http, await listings.ExtendAsync(id, caller, ETags.Expected(ifMatch), ct));

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ConfirmAsync(
        [AsParameters] StillCurrentQuery query, HttpContext http, StillCurrentTokens tokens, ListingStore listings, CancellationToken ct)
    {
        if (tokens.Read(query.Token) is not { } scope)
        {
            return Problems.Of(ProblemType.NotFound, NotGenuineDetail.ToString());
        }

        if (await listings.RemindedAsync(scope.ListingId, scope.RemindedValidUntil.UtcDateTime, ct) is not { } listing)
        {
            return Problems.Of(ProblemType.LinkUsed, UsedDetail.ToString());
        }

        var action = $"/api/v1/listings/still-current?token={Uri.EscapeDataString(query.Token!)}";
        return Html.Page(http, ConfirmTitle.ToString(), $"""
            <form method="post" action="{Html.Encode(action)}">
            <p dir="auto">{Html.Encode(ConfirmQuestion.Format(listing.Title, ListingRules.ExtensionDays))}</p>
            <button type="submit">{Html.Encode(ConfirmButton.ToString())}</button>
            </form>
            """);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> StillCurrentAsync(
        [AsParameters] StillCurrentQuery query, HttpContext http, StillCurrentTokens tokens, ListingStore listings, CancellationToken ct)
    {
        if (tokens.Read(query.Token) is not { } scope)
        {
            return Problems.Of(ProblemType.NotFound, NotGenuineDetail.ToString());
        }

        if (await listings.ExtendRemindedAsync(scope.ListingId, scope.RemindedValidUntil.UtcDateTime, ct) is not { } extended)
        {
            return Problems.Of(ProblemType.LinkUsed, UsedDetail.ToString());
        }

        var until = NotificationTexts.Day(new DateTimeOffset(DateTime.SpecifyKind(extended.ValidUntil, DateTimeKind.Utc)));
        return Html.Page(http, DoneTitle.ToString(), $"<p dir=\"auto\">{Html.Encode(Done.Format(extended.Title, until))}</p>");
    }
}
