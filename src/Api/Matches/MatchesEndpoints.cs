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

    private static readonly Msg AssociationRequired = new(
        "Say for which association (associationId); you belong to several or none.",
        "Geben Sie an, für welchen Verein (associationId); Sie gehören zu mehreren oder keinem.");
    private static readonly Msg WrongStatus = new(
        "Not possible while the match is {0}.", "Nicht möglich, solange das Match den Status {0} hat.");
    private static readonly Msg NotYourSide = new(
        "Your association is not the side of this match that may do this: the other side accepts or declines, the proposer withdraws.",
        "Ihr Verein ist nicht die Seite dieses Matches, die das darf: die andere Seite nimmt an oder lehnt ab, wer vorschlägt, zieht zurück.");
    private static readonly Msg ProposeForbidden = new(
        "You may propose only for an association whose matches you manage (owner, coordinator, or a key with matches:write) and that owns the request or the offer.",
        "Sie dürfen nur für einen Verein vorschlagen, dessen Matches Sie verwalten (Eigentümer, Koordination oder ein Schlüssel mit matches:write) und dem die Anfrage oder das Angebot gehört.");
    private static readonly Msg TooManyOpen = new(
        "Your association already has {0} open proposals, the most it may have; wait for answers or withdraw one.",
        "Ihr Verein hat bereits {0} offene Vorschläge, so viele wie erlaubt; warten Sie auf Antworten oder ziehen Sie einen zurück.");
    private static readonly Msg TooManyBookings = new(
        "The requesting association would hold more than {0} future bookings of this offer; the limit keeps popular resources available to others.",
        "Der anfragende Verein hätte mehr als {0} künftige Buchungen dieses Angebots; die Grenze hält beliebte Ressourcen für andere verfügbar.");
    private static readonly Msg Unbookable = new(
        "The window {0} – {1} cannot be booked: it is already booked, no units are left, or it has begun.",
        "Das Zeitfenster {0} – {1} kann nicht gebucht werden: es ist schon gebucht, es sind keine Einheiten mehr frei, oder es hat begonnen.");
    private static readonly Msg NothingBookable = new(
        "None of the match's windows can still be booked.", "Keines der Zeitfenster des Matches kann noch gebucht werden.");
    private static readonly Msg OfferClosed = new(
        "The offer is no longer published and valid; it cannot be booked.",
        "Das Angebot ist nicht mehr veröffentlicht und gültig; es kann nicht gebucht werden.");
    private static readonly Msg AlreadyStarted = new(
        "Every booking of this match has begun; only bookings still ahead can be cancelled.",
        "Alle Buchungen dieses Matches haben begonnen; nur künftige Buchungen können storniert werden.");

    private static readonly Dictionary<ProposalProblem, (string Field, Msg Text)> ProposalTexts = new()
    {
        [ProposalProblem.RequestNotFound] = ("requestId", new("There is no published request with this id.", "Es gibt keine veröffentlichte Anfrage mit dieser ID.")),
        [ProposalProblem.OfferNotFound] = ("offerId", new("There is no published offer with this id.", "Es gibt kein veröffentlichtes Angebot mit dieser ID.")),
        [ProposalProblem.NotARequest] = ("requestId", new("This listing is an offer, not a request.", "Diese Anzeige ist ein Angebot, keine Anfrage.")),
        [ProposalProblem.NotAnOffer] = ("offerId", new("This listing is a request, not an offer.", "Diese Anzeige ist eine Anfrage, kein Angebot.")),
        [ProposalProblem.CategoryMismatch] = ("offerId", new("The offer is in another category than the request.", "Das Angebot ist in einer anderen Kategorie als die Anfrage.")),
        [ProposalProblem.SameAssociation] = ("offerId", new("Request and offer belong to the same association.", "Anfrage und Angebot gehören demselben Verein.")),
        [ProposalProblem.QuantityOnlyForEquipment] = ("quantity", new(
            "Only equipment is booked in units; rooms, interpreting, vehicles, know-how and other resources are booked whole (quantity 1).",
            "Nur Ausstattung wird in Einheiten gebucht; Räume, Dolmetschen, Fahrzeuge, Fachwissen und Sonstiges werden ganz gebucht (quantity 1).")),
        [ProposalProblem.RequestNotOpen] = ("", new("The request is not published and valid.", "Die Anfrage ist nicht veröffentlicht und gültig.")),
        [ProposalProblem.OfferNotOpen] = ("", new("The offer is not published and valid.", "Das Angebot ist nicht veröffentlicht und gültig.")),
        [ProposalProblem.AssociationSuspended] = ("", new("The other association is suspended.", "Der andere Verein ist gesperrt.")),
        [ProposalProblem.QuantityAboveOffer] = ("", new("The offer does not have that many units.", "Das Angebot hat nicht so viele Einheiten.")),
    };

    private static readonly Dictionary<WindowProblem, Msg> WindowTexts = new()
    {
        [WindowProblem.EndsBeforeStart] = new("The window {0} – {1} ends before it starts.", "Das Zeitfenster {0} – {1} endet, bevor es beginnt."),
        [WindowProblem.InThePast] = new("The window {0} – {1} has already begun.", "Das Zeitfenster {0} – {1} hat schon begonnen."),
        [WindowProblem.Overlapping] = new("The window {0} – {1} overlaps another one.", "Das Zeitfenster {0} – {1} überschneidet sich mit einem anderen."),
        [WindowProblem.OutsideRequest] = new("The window {0} – {1} is not inside any window of the request.", "Das Zeitfenster {0} – {1} liegt in keinem Zeitfenster der Anfrage."),
        [WindowProblem.OutsideOffer] = new("The offer is not available for the window {0} – {1}.", "Das Angebot ist im Zeitfenster {0} – {1} nicht verfügbar."),
        [WindowProblem.NoneServable] = new("The offer is available for none of the request's windows still ahead.", "Das Angebot ist in keinem künftigen Zeitfenster der Anfrage verfügbar."),
    };

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
        group.MapPost("/{id:guid}/accept", AcceptAsync)
            .WithName("AcceptMatch").WithETag().WithSummary("Accept a proposal and book its windows")
            .WithDescription("By the side that did not propose. Books every window in the same transaction; a window already booked " +
                             "(or without free units) refuses the accept with 409 naming it (conflicts: reject, the default) or is skipped " +
                             "(conflicts: skip); the answer lists booked and skipped windows. Honours If-Match.")
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
        CreateMatchRequest r, Caller caller, HttpContext http, MatchStore matches, IOptions<MatchOptions> options, CancellationToken ct)
    {
        var windows = r.Windows?.Select(w => new TimeWindow(w.Start!.Value, w.End!.Value)).ToList();
        var outcome = await matches.ProposeAsync(
            caller, new Proposal(r.RequestId!.Value, r.OfferId!.Value, windows, r.Quantity, r.Message), options.Value.MaxOpenProposals, ct);
        switch (outcome)
        {
            case ProposalOutcome.Created created:
                ETags.Set(http, created.Match.Row.Version);
                return TypedResults.Created($"/api/v1/matches/{created.Match.Row.Id}", MatchResponse.From(created.Match));
            case ProposalOutcome.TooManyOpen tooMany:
                return Problems.Of(ProblemType.TooManyRequests, TooManyOpen.Format(tooMany.Limit),
                    new Dictionary<string, object?> { ["limit"] = tooMany.Limit });
            case ProposalOutcome.Refused { Problem: ProposalProblem.Windows } refused:
                var text = WindowTexts[refused.Windows].Format(Instant(refused.Window?.Start), Instant(refused.Window?.End));
                return refused.Windows == WindowProblem.NoneServable
                    ? Problems.Of(ProblemType.Conflict, text)
                    : Problems.Validation(new Dictionary<string, string[]> { ["windows"] = [text] });
            case ProposalOutcome.Refused { Problem: ProposalProblem.ProposerSuspended }:
                return Problems.Of(ProblemType.AssociationSuspended);
            case ProposalOutcome.Refused refused:
                var (field, message) = ProposalTexts[refused.Problem];
                return field.Length == 0
                    ? Problems.Of(ProblemType.Conflict, message.ToString())
                    : Problems.Validation(new Dictionary<string, string[]> { [field] = [message.ToString()] });
            default:
                return Problems.Of(ProblemType.Forbidden, ProposeForbidden.ToString());
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
            return Problems.Validation(new Dictionary<string, string[]> { ["associationId"] = [AssociationRequired.ToString()] });
        }

        var limit = query.Limit ?? MatchListQuery.DefaultLimit;
        var filter = new MatchFilter(
            associationId.Value,
            query.Direction is null ? null : query.Direction == "incoming",
            query.Status is null ? null : EnumText<MatchStatus>.Parse(query.Status));
        var (rows, miss) = await matches.ListAsync(filter, caller, after, limit + 1, ct);
        if (rows is null)
        {
            return MissProblem(miss);
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
        Guid id, AcceptMatchRequest? r, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch,
        MatchStore matches, IOptions<MatchOptions> options, CancellationToken ct)
    {
        var change = await matches.AcceptAsync(
            id, caller, r?.Conflicts ?? ConflictHandling.Reject, ETags.Expected(ifMatch), options.Value.MaxFutureBookingsPerOffer, ct);
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
        Guid id, DeclineMatchRequest? r, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch,
        MatchStore matches, CancellationToken ct) =>
        CloseAsync(http, matches.CloseAsync(id, caller, MatchAction.Decline, NullIfBlank(r?.Reason), ETags.Expected(ifMatch), ct));

    private static Task<Results<Ok<MatchResponse>, ProblemHttpResult>> WithdrawAsync(
        Guid id, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, MatchStore matches, CancellationToken ct) =>
        CloseAsync(http, matches.CloseAsync(id, caller, MatchAction.Withdraw, null, ETags.Expected(ifMatch), ct));

    private static Task<Results<Ok<MatchResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, CancelMatchRequest r, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch,
        MatchStore matches, CancellationToken ct) =>
        CloseAsync(http, matches.CloseAsync(id, caller, MatchAction.Cancel, r.Reason!.Trim(), ETags.Expected(ifMatch), ct));

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
        Guid id, PostMessageRequest r, Caller caller, MatchStore matches, CancellationToken ct)
    {
        var (row, miss) = await matches.PostMessageAsync(id, caller, r.Body!, ct);
        if (row is null)
        {
            return Problem(new MatchChange.Missed(miss));
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
        var (rows, miss) = await matches.BookingsAsync(id, caller, query.From, query.To, after, limit + 1, ct);
        if (rows is null)
        {
            return MissProblem(miss);
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
        var missed = (MatchChange.Missed)change;
        var status = EnumText<MatchStatus>.Of(missed.Current);
        return missed.Miss switch
        {
            MatchMiss.NotFound => Problems.Of(ProblemType.NotFound),
            MatchMiss.Forbidden => Problems.Of(ProblemType.Forbidden, NotYourSide.ToString()),
            MatchMiss.VersionMismatch => Problems.Of(ProblemType.PreconditionFailed),
            MatchMiss.WrongStatus => Problems.Of(ProblemType.InvalidTransition, WrongStatus.Format(status),
                new Dictionary<string, object?> { ["currentStatus"] = status }),
            MatchMiss.AlreadyStarted => Problems.Of(ProblemType.Conflict, AlreadyStarted.ToString()),
            MatchMiss.OfferNotOpen => Problems.Of(ProblemType.Conflict, OfferClosed.ToString()),
            MatchMiss.Suspended => Problems.Of(ProblemType.AssociationSuspended),
            MatchMiss.Unbookable when missed.Window is { } w => Problems.Of(ProblemType.Conflict, Unbookable.Format(Instant(w.Start), Instant(w.End)),
                new Dictionary<string, object?> { ["window"] = new MatchWindowResponse(w.Start, w.End) }),
            MatchMiss.Unbookable => Problems.Of(ProblemType.Conflict, NothingBookable.ToString()),
            MatchMiss.TooManyBookings => Problems.Of(ProblemType.Conflict, TooManyBookings.Format(missed.Limit),
                new Dictionary<string, object?> { ["limit"] = missed.Limit }),
        };
    }

    private static ProblemHttpResult MissProblem(Miss miss) => miss switch
    {
        Miss.Forbidden => Problems.Of(ProblemType.Forbidden),
        Miss.Suspended => Problems.Of(ProblemType.AssociationSuspended),
        Miss.VersionMismatch => Problems.Of(ProblemType.PreconditionFailed),
        Miss.NotFound => Problems.Of(ProblemType.NotFound),
    };

    private static string? Instant(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
