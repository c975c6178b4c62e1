using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Api.OpenApi;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matches;
using ResourceShare.Infrastructure.Associations;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Matches;

namespace ResourceShare.Api.Matches;

public static class MatchesEndpoints
{
    private const string Tag = "Matches";
    private const string TagDescription = "Proposals between a request and an offer, their bookings, and the messages between the two associations.";

    public static IServiceCollection AddMatches(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MatchOptions>().Bind(configuration.GetSection(MatchOptions.Section))
            .Validate(o => o.IsValid, "Matching: MaxOpenProposals, MaxFutureBookingsPerOffer and CompletionIntervalSeconds must be positive.")
            .ValidateOnStart();
        services.AddHostedService<MatchCompletionService>();
        return services;
    }

    public static IEndpointRouteBuilder MapMatches(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/matches").WithTag(Tag, TagDescription).WithValidation()
            .RequireAuthorization(AuthSetup.UserOrKeyPolicy);
        group.MapPost("/", ProposeAsync).WithIdempotency()
            .WithName("ProposeMatch").WithETag().WithSummary("Propose a match between a request and an offer")
            .WithDescription("Either side proposes: owners and coordinators of the association of the request or of the offer, or its key with " +
                             "matches:write. Both listings must be published and valid, of one category, of two associations, none suspended. " +
                             "The other side is notified. An association may hold a limited number of open proposals (429 beyond). Honours Idempotency-Key.")
            .AnswersProblem(409, "The listings are not open for matching (not published, expired, suspended), or the offer can serve none of the request's windows.")
            .AnswersProblem(429, "Also when the association already has its limit of proposals waiting for an answer (limit names it; an answer to one frees a place, so no Retry-After).");
        group.MapGet("/", ListAsync)
            .WithName("ListMatches").WithSummary("An association's matches")
            .WithDescription("Newest first, cursor-paged; incoming = proposed by the other side, outgoing = proposed by the association. " +
                             "For its members and its keys with matches:write.");
        group.MapGet("/{id:guid}", GetAsync)
            .WithName("GetMatch").WithETag().WithSummary("A match")
            .WithDescription("For the members of its two associations and their keys with matches:write; 404 for everybody else. " +
                             "Contact email and street address of the other side only while a booking is confirmed. Carries an ETag.");
        group.MapPost("/{id:guid}/accept", AcceptAsync).WithIdempotency()
            .WithName("AcceptMatch").WithETag().WithSummary("Accept a proposal and book its windows")
            .WithDescription("By the side that did not propose. Books every window in the same transaction; a window already booked " +
                             "(or without free units) refuses the accept with 409 naming it (conflicts: reject, the default) or is skipped " +
                             "(conflicts: skip); the answer lists booked and skipped windows. Honours If-Match and Idempotency-Key.")
            .AnswersProblem(409, "Type invalid-transition with currentStatus when the match is no longer proposed; otherwise a window is already booked (window names it, with conflicts: reject), the offer is no longer published, or the association reached its limit of future bookings of this offer (limit names it).");
        group.MapPost("/{id:guid}/decline", DeclineAsync)
            .WithName("DeclineMatch").WithETag().WithSummary("Decline a proposal")
            .WithDescription("By the side that did not propose, with an optional reason. Honours If-Match.")
            .AnswersProblem(409, "Type invalid-transition, with currentStatus: only a proposed match can be declined.");
        group.MapPost("/{id:guid}/withdraw", WithdrawAsync)
            .WithName("WithdrawMatch").WithETag().WithSummary("Withdraw a proposal")
            .WithDescription("By the side that proposed, while it is still proposed. Honours If-Match.")
            .AnswersProblem(409, "Type invalid-transition, with currentStatus: only a proposed match can be withdrawn.");
        group.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithName("CancelMatch").WithETag().WithSummary("Cancel an accepted match")
            .WithDescription("Either side, with a reason, while a booking is still ahead: cancels every booking that has not begun. Honours If-Match.")
            .AnswersProblem(409, "Type invalid-transition with currentStatus when the match is not accepted; or no booking is ahead any more.");
        group.MapGet("/{id:guid}/messages", ListMessagesAsync)
            .WithName("ListMatchMessages").WithSummary("The messages on a match")
            .WithDescription("For the two associations only (404 for everybody else, moderators included). Oldest first unless order=newest; cursor-paged.");
        group.MapPost("/{id:guid}/messages", PostMessageAsync).WithIdempotency()
            .WithName("PostMatchMessage").WithSummary("Write to the other side of a match")
            .WithDescription("Plain text of 1 to 2,000 characters, by owners and coordinators of either side or their keys with matches:write. " +
                             "The other side is notified. Honours Idempotency-Key.");

        app.MapGet("/api/v1/associations/{id:guid}/bookings", ListBookingsAsync).WithTag(Tag, TagDescription)
            .RequireAuthorization(AuthSetup.UserOrKeyPolicy).WithValidation()
            .WithName("ListAssociationBookings").WithSummary("An association's bookings")
            .WithDescription("As provider and as requester, by start time, overlapping [from, to) when given, cursor-paged. " +
                             "For its members and its keys with matches:write.");
        return app;
    }

    private static async Task<Results<Created<MatchResponse>, ValidationProblem, ProblemHttpResult>> ProposeAsync(
        CreateMatchRequest request, Caller caller, HttpContext http, MatchStore matches, IOptions<MatchOptions> options, CancellationToken ct)
    {
        var windows = request.Windows?.Select(w => new TimeWindow(w.Start!.Value, w.End!.Value)).ToList();
        var outcome = await matches.ProposeAsync(
            caller, new Proposal(request.RequestId!.Value, request.OfferId!.Value, windows, request.Quantity, request.Message), options.Value.MaxOpenProposals, ct);
        switch (outcome)
        {
            case ProposalOutcome.Created created:
                ETags.Set(http, created.Match.Row.Version);
                return TypedResults.Created($"/api/v1/matches/{created.Match.Row.Id}", MatchResponse.From(created.Match));
            case ProposalOutcome.TooManyOpen tooMany:
                return Problems.Of(ProblemType.TooManyRequests, MatchTexts.TooManyOpen.Format(tooMany.Limit),
                    new Dictionary<string, object?> { ["limit"] = tooMany.Limit });
            case ProposalOutcome.Refused { Problem: ProposalProblem.Windows } refused:
                var text = MatchTexts.WindowTexts[refused.Windows].Format(Instant(refused.Window?.Start), Instant(refused.Window?.End));
                return refused.Windows == WindowProblem.NoneServable
                    ? Problems.Of(ProblemType.Conflict, text)
                    : Problems.Validation(new Dictionary<string, string[]> { ["windows"] = [text] });
            case ProposalOutcome.Refused { Problem: ProposalProblem.ProposerSuspended }:
                return Problems.Of(ProblemType.AssociationSuspended);
            case ProposalOutcome.Refused refused:
                var (field, message) = MatchTexts.ProposalTexts[refused.Problem];
                return field.Length == 0
                    ? Problems.Of(ProblemType.Conflict, message.ToString())
                    : Problems.Validation(new Dictionary<string, string[]> { [field] = [message.ToString()] });
            default:
                return Problems.Of(ProblemType.Forbidden, MatchTexts.ProposeForbidden.ToString());
        }
    }

    private static async Task<Results<Ok<MatchPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [AsParameters] MatchListQuery query, Caller caller, MatchStore matches, AssociationStore associations, CancellationToken ct)
    {
        if (!Cursor.TryDecode(query.Cursor, ApiJsonContext.Default.MatchPosition, out var after))
        {
            return Problems.Validation(Cursor.InvalidError());
        }

        var associationId = query.AssociationId ?? caller.KeyAssociationId ?? await associations.OnlyMembershipAsync(caller, ct);
        if (associationId is null)
        {
            return Problems.AssociationRequired();
        }

        var limit = query.Limit ?? MatchListQuery.DefaultLimit;
        var filter = new MatchFilter(
            associationId.Value,
            query.Direction is null ? null : query.Direction == "incoming",
            query.Status is null ? null : EnumText<MatchStatus>.Parse(query.Status));
        var (rows, refusal) = await matches.ListAsync(filter, caller, after, limit + 1, ct);
        if (rows is null)
        {
            return Problems.Of(refusal);
        }

        var (page, next) = Cursor.Page(rows, limit, m => new MatchPosition(m.Row.CreatedAt, m.Row.Id), ApiJsonContext.Default.MatchPosition);
        return TypedResults.Ok(new MatchPage(page.Select(MatchResponse.From).ToList(), next));
    }

    private static async Task<Results<Ok<MatchResponse>, ProblemHttpResult>> GetAsync(
        Guid id, Caller caller, HttpContext http, MatchStore matches, CancellationToken ct)
    {
        var match = await matches.GetAsync(id, caller, ct);
        if (match is null)
        {
            return Problems.Of(ProblemType.NotFound);
        }

        ETags.Set(http, match.Row.Version);
        return TypedResults.Ok(MatchResponse.From(match));
    }

    private static async Task<Results<Ok<AcceptedMatchResponse>, ProblemHttpResult>> AcceptAsync(
        Guid id, AcceptMatchRequest? request, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch,
        MatchStore matches, IOptions<MatchOptions> options, CancellationToken ct)
    {
        var change = await matches.AcceptAsync(
            id, caller, request?.Conflicts ?? ConflictHandling.Reject, ETags.Expected(ifMatch), options.Value.MaxFutureBookingsPerOffer, ct);
        if (change is not MatchChange.Accepted accepted)
        {
            return Problem(change);
        }

        ETags.Set(http, accepted.Match.Row.Version);
        return TypedResults.Ok(new AcceptedMatchResponse(
            MatchResponse.From(accepted.Match),
            accepted.Booked.Select(MatchWindowResponse.From).ToList(),
            accepted.Skipped.Select(MatchWindowResponse.From).ToList()));
    }

    private static Task<Results<Ok<MatchResponse>, ProblemHttpResult>> DeclineAsync(
        Guid id, DeclineMatchRequest? request, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch,
        MatchStore matches, CancellationToken ct) =>
        CloseAsync(http, matches.CloseAsync(id, caller, MatchAction.Decline, NullIfBlank(request?.Reason), ETags.Expected(ifMatch), ct));

    private static Task<Results<Ok<MatchResponse>, ProblemHttpResult>> WithdrawAsync(
        Guid id, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, MatchStore matches, CancellationToken ct) =>
        CloseAsync(http, matches.CloseAsync(id, caller, MatchAction.Withdraw, null, ETags.Expected(ifMatch), ct));

    private static Task<Results<Ok<MatchResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, CancelMatchRequest request, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch,
        MatchStore matches, CancellationToken ct) =>
        CloseAsync(http, matches.CloseAsync(id, caller, MatchAction.Cancel, request.Reason!.Trim(), ETags.Expected(ifMatch), ct));

    private static async Task<Results<Ok<MessagePage>, ValidationProblem, ProblemHttpResult>> ListMessagesAsync(
        Guid id, [AsParameters] MessageListQuery query, Caller caller, MatchStore matches, CancellationToken ct)
    {
        if (!Cursor.TryDecode(query.Cursor, ApiJsonContext.Default.MessagePosition, out var after))
        {
            return Problems.Validation(Cursor.InvalidError());
        }

        var limit = query.Limit ?? MatchListQuery.DefaultLimit;
        var rows = await matches.MessagesAsync(id, caller, query.Order == "newest", after, limit + 1, ct);
        if (rows is null)
        {
            return Problems.Of(ProblemType.NotFound);
        }

        var (page, next) = Cursor.Page(rows, limit, m => new MessagePosition(m.CreatedAt, m.Id), ApiJsonContext.Default.MessagePosition);
        return TypedResults.Ok(new MessagePage(page.Select(MessageResponse.From).ToList(), next));
    }

    private static async Task<Results<Created<MessageResponse>, ProblemHttpResult>> PostMessageAsync(
        Guid id, PostMessageRequest request, Caller caller, MatchStore matches, CancellationToken ct)
    {
        var (row, refusal) = await matches.PostMessageAsync(id, caller, request.Body!, ct);
        if (row is null)
        {
            return Problem(new MatchChange.Refused(refusal));
        }

        return TypedResults.Created($"/api/v1/matches/{id}/messages/{row.Id}", MessageResponse.From(row));
    }

    private static async Task<Results<Ok<BookingPage>, ValidationProblem, ProblemHttpResult>> ListBookingsAsync(
        Guid id, [AsParameters] BookingListQuery query, Caller caller, MatchStore matches, CancellationToken ct)
    {
        if (!Cursor.TryDecode(query.Cursor, ApiJsonContext.Default.BookingPosition, out var after))
        {
            return Problems.Validation(Cursor.InvalidError());
        }

        var limit = query.Limit ?? MatchListQuery.DefaultLimit;
        var (rows, refusal) = await matches.BookingsAsync(id, caller, query.From, query.To, after, limit + 1, ct);
        if (rows is null)
        {
            return Problems.Of(refusal);
        }

        var (page, next) = Cursor.Page(rows, limit, b => new BookingPosition(b.StartsAt, b.Id), ApiJsonContext.Default.BookingPosition);
        return TypedResults.Ok(new BookingPage(page.Select(BookingResponse.From).ToList(), next));
    }

    private static async Task<Results<Ok<MatchResponse>, ProblemHttpResult>> CloseAsync(HttpContext http, Task<MatchChange> move)
    {
        var change = await move;
        if (change is not MatchChange.Done done)
        {
            return Problem(change);
        }

        ETags.Set(http, done.Match.Row.Version);
        return TypedResults.Ok(MatchResponse.From(done.Match));
    }

    private static ProblemHttpResult Problem(MatchChange change)
    {
        var refused = (MatchChange.Refused)change;
        var status = EnumText<MatchStatus>.Of(refused.Current);
        return refused.Refusal switch
        {
            MatchRefusal.NotFound => Problems.Of(ProblemType.NotFound),
            MatchRefusal.Forbidden => Problems.Of(ProblemType.Forbidden, MatchTexts.NotYourSide.ToString()),
            MatchRefusal.VersionMismatch => Problems.Of(ProblemType.PreconditionFailed),
            MatchRefusal.WrongStatus => Problems.Of(ProblemType.InvalidTransition, MatchTexts.WrongStatus.Format(status),
                new Dictionary<string, object?> { ["currentStatus"] = status }),
            MatchRefusal.AlreadyStarted => Problems.Of(ProblemType.Conflict, MatchTexts.AlreadyStarted.ToString()),
            MatchRefusal.OfferNotOpen => Problems.Of(ProblemType.Conflict, MatchTexts.OfferClosed.ToString()),
            MatchRefusal.Suspended => Problems.Of(ProblemType.AssociationSuspended),
            MatchRefusal.Unbookable when refused.Window is { } w => Problems.Of(ProblemType.Conflict, MatchTexts.Unbookable.Format(Instant(w.Start), Instant(w.End)),
                new Dictionary<string, object?> { ["window"] = new MatchWindowResponse(w.Start, w.End) }),
            MatchRefusal.Unbookable => Problems.Of(ProblemType.Conflict, MatchTexts.NothingBookable.ToString()),
            MatchRefusal.TooManyBookings => Problems.Of(ProblemType.Conflict, MatchTexts.TooManyBookings.Format(refused.Limit),
                new Dictionary<string, object?> { ["limit"] = refused.Limit }),
        };
    }


    private static string? Instant(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
