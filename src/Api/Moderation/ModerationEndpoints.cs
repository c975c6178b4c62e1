using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Api.Associations;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Api.Listings;
using ResourceShare.Api.OpenApi;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Moderation;
using ResourceShare.Infrastructure.Accounts;
using ResourceShare.Infrastructure.Associations;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Listings;
using ResourceShare.Infrastructure.Moderation;

namespace ResourceShare.Api.Moderation;

/// <summary>Reports by members, and the moderators' queue and decisions under /api/v1/admin.</summary>
public static class ModerationEndpoints
{
    public const string Tag = "Moderation";
    public const string TagDescription =
        "Reports on listings and associations, the moderators' queue and decisions, the audit log and the platform statistics.";

    private const int DefaultReportsPerHour = 20;

    private static readonly UserText NotMember = new(
        "You can report only for an association you belong to.", "Sie können nur für einen Verein melden, dem Sie angehören.");
    private static readonly UserText OwnTarget = new(
        "You cannot report your own association or its listings.", "Sie können Ihren eigenen Verein und seine Anzeigen nicht melden.");
    private static readonly UserText AlreadyOpen = new(
        "You have already reported this; a moderator will decide.", "Sie haben das bereits gemeldet; eine Moderatorin oder ein Moderator entscheidet.");
    private static readonly UserText WrongStatus = new("Not possible while the status is {0}.", "Nicht möglich, solange der Status {0} ist.");
    private static readonly UserText RegisterMismatch = new(
        "The register entry you checked is not the one the association gave (registerCourt and registerNumber).",
        "Der geprüfte Registereintrag ist nicht der, den der Verein angegeben hat (registerCourt und registerNumber).");

    public static IEndpointRouteBuilder MapModeration(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/listings/{id:guid}/reports", ReportListingAsync)
            .WithTag(Tag, TagDescription).RequireAuthorization(AuthSetup.UserPolicy).WithValidation().WithIdempotency()
            .WithName("ReportListing").WithSummary("Report a listing to the moderators")
            .WithDescription("Signed-in members, for an association they belong to (associationId; may be left out by a member of exactly " +
                             "one). One open report per member and target (409 for a second). Open reports from three distinct associations " +
                             "hide the listing from search, matching and strangers until a moderator decides. Limited per member (429). " +
                             "Honours Idempotency-Key.")
            .AnswersProblem(409, "You already have an open report on this listing.")
            .AnswersProblem(422, "An association cannot report its own listings.")
            .AnswersProblem(429, "Also when you filed your limit of reports this hour (Retry-After says when you may file again).");
        app.MapPost("/api/v1/associations/{id:guid}/reports", ReportAssociationAsync)
            .WithTag(Tag, TagDescription).RequireAuthorization(AuthSetup.UserPolicy).WithValidation().WithIdempotency()
            .WithName("ReportAssociation").WithSummary("Report an association to the moderators")
            .WithDescription("As for listings: for an association you belong to, one open report per member and target, limited per member. " +
                             "Honours Idempotency-Key.")
            .AnswersProblem(409, "You already have an open report on this association.")
            .AnswersProblem(422, "An association cannot report itself.")
            .AnswersProblem(429, "Also when you filed your limit of reports this hour (Retry-After says when you may file again).");

        var admin = app.MapGroup("/api/v1/admin").WithTag(Tag, TagDescription).WithValidation()
            .RequirePlatformRole(PlatformRole.Moderator, PlatformRole.Admin);
        admin.MapGet("/moderation/queue", QueueAsync)
            .WithName("GetModerationQueue").WithSummary("Listings awaiting review and reported targets, oldest first")
            .WithDescription("Moderators and admins. One entry per target with its content, its open reports and its audit history; " +
                             "filter by kind (listing, association) and report reason; cursor-paged.");
        admin.MapPost("/listings/{id:guid}/approve", ApproveListingAsync)
            .WithName("ApproveListing").WithETag().WithSummary("Publish a listing awaiting review, or keep a reported one")
            .WithDescription("pending_review → published. On a published or paused listing with open reports, keeps it, dismisses the " +
                             "reports and shows it again if they hid it. Closes the open reports and notifies the association and the " +
                             "reporters. Honours If-Match.")
            .AnswersProblem(409, "Type invalid-transition, with currentStatus: the listing is neither awaiting review nor published or paused with open reports.");
        admin.MapPost("/listings/{id:guid}/reject", RejectListingAsync)
            .WithName("RejectListing").WithETag().WithSummary("Reject a listing awaiting review")
            .WithDescription("pending_review → rejected, with a reason the association is told. Honours If-Match.")
            .AnswersProblem(409, "Type invalid-transition, with currentStatus: only a listing awaiting review can be rejected.");
        admin.MapPost("/listings/{id:guid}/remove", RemoveListingAsync)
            .WithName("RemoveListing").WithETag().WithSummary("Remove a published or paused listing")
            .WithDescription("→ removed, with a reason the association is told. Closes the open reports. Honours If-Match.")
            .AnswersProblem(409, "Type invalid-transition, with currentStatus: the listing is already removed or not public.");
        admin.MapPost("/listings/{id:guid}/restore", RestoreListingAsync)
            .WithName("RestoreListing").WithETag().WithSummary("Publish a removed listing again")
            .WithDescription("removed → published. Honours If-Match.")
            .AnswersProblem(409, "Type invalid-transition, with currentStatus: only a removed listing can be restored.");
        admin.MapPost("/associations/{id:guid}/verify", VerifyAssociationAsync)
            .WithName("VerifyAssociation").WithETag().WithSummary("Verify an association after checking its register entry")
            .WithDescription("unverified → verified. The body repeats the register court and number as read in the register; they must " +
                             "match what the association gave (case and spacing aside), else 409. Honours If-Match.")
            .AnswersProblem(409, "Type invalid-transition with currentStatus when the association cannot be verified in its status; otherwise the register entry differs from the one the association gave.");
        admin.MapPost("/associations/{id:guid}/suspend", SuspendAssociationAsync)
            .WithName("SuspendAssociation").WithETag().WithSummary("Suspend an association")
            .WithDescription("With a reason the association is told. Hides the association and all its listings, stops its API keys and " +
                             "its proposals until reinstated. Honours If-Match.")
            .AnswersProblem(409, "Type invalid-transition, with currentStatus: the association is already suspended.");
        admin.MapPost("/associations/{id:guid}/reinstate", ReinstateAssociationAsync)
            .WithName("ReinstateAssociation").WithETag().WithSummary("Lift a suspension")
            .WithDescription("suspended → verified if a moderator verified it before, else unverified. Honours If-Match.")
            .AnswersProblem(409, "Type invalid-transition, with currentStatus: only a suspended association can be reinstated.");
        return app;
    }

    private static Task<Results<Created<ReportResponse>, ValidationProblem, ProblemHttpResult>> ReportListingAsync(
        Guid id, CreateReportRequest request, Caller caller, HttpContext http, ReportStore reports, AssociationStore associations,
        SignInThrottle throttle, IConfiguration configuration, CancellationToken ct) =>
        ReportAsync(ModerationTarget.Listing, id, request, caller, http, reports, associations, throttle, configuration, ct);

    private static Task<Results<Created<ReportResponse>, ValidationProblem, ProblemHttpResult>> ReportAssociationAsync(
        Guid id, CreateReportRequest request, Caller caller, HttpContext http, ReportStore reports, AssociationStore associations,
        SignInThrottle throttle, IConfiguration configuration, CancellationToken ct) =>
        ReportAsync(ModerationTarget.Association, id, request, caller, http, reports, associations, throttle, configuration, ct);

    private static async Task<Results<Created<ReportResponse>, ValidationProblem, ProblemHttpResult>> ReportAsync(
        ModerationTarget target, Guid id, CreateReportRequest request, Caller caller, HttpContext http, ReportStore reports,
        AssociationStore associations, SignInThrottle throttle, IConfiguration configuration, CancellationToken ct)
    {
        var limit = configuration.GetValue("Moderation:ReportsPerHour", DefaultReportsPerHour);
        var verdict = await throttle.HitAsync($"report:{caller.UserId}", limit, TimeSpan.FromHours(1), ct);
        if (!verdict.Allowed)
        {
            http.Response.Headers.RetryAfter = verdict.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Of(ProblemType.TooManyRequests);
        }

        var associationId = request.AssociationId ?? await associations.OnlyMembershipAsync(caller, ct);
        if (associationId is null)
        {
            return Problems.AssociationRequired();
        }

        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        var (row, refusal) = await reports.CreateAsync(target, id, associationId.Value, caller, request.Reason!.Value, comment, ct);
        return refusal switch
        {
            ReportRefusal.None => TypedResults.Created($"/api/v1/{(target == ModerationTarget.Listing ? "listings" : "associations")}/{id}/reports/{row!.Id}",
                ReportResponse.From(row)),
            ReportRefusal.NotMember => Problems.Of(ProblemType.Forbidden, NotMember.ToString()),
            ReportRefusal.Suspended => Problems.Of(ProblemType.AssociationSuspended),
            ReportRefusal.OwnTarget => Problems.Of(ProblemType.Unprocessable, OwnTarget.ToString()),
            ReportRefusal.AlreadyOpen => Problems.Of(ProblemType.Conflict, AlreadyOpen.ToString()),
            ReportRefusal.TargetNotFound => Problems.Of(ProblemType.NotFound),
        };
    }

    private static async Task<Results<Ok<QueuePage>, ValidationProblem>> QueueAsync(
        [AsParameters] ModerationQueueQuery query, ModerationQueue queue, CancellationToken ct)
    {
        if (!Cursor.TryDecode(query.Cursor, ApiJsonContext.Default.QueuePosition, out var after))
        {
            return Problems.Validation(Cursor.InvalidError());
        }

        var filter = new QueueFilter(
            query.Kind is null ? null : EnumText<ModerationTarget>.Parse(query.Kind),
            query.Reason is null ? null : EnumText<ReportReason>.Parse(query.Reason));
        var limit = query.Limit ?? ModerationQueueQuery.DefaultLimit;
        var entries = await queue.PageAsync(filter, after, limit + 1, ct);
        var page = entries.Take(limit).ToList();
        var next = entries.Count > limit ? Cursor.Encode(new QueuePosition(page[^1].Since, page[^1].TargetId), ApiJsonContext.Default.QueuePosition) : null;
        return TypedResults.Ok(new QueuePage(page.Select(QueueEntryResponse.From).ToList(), next));
    }

    private static async Task<Results<Ok<ListingResponse>, ProblemHttpResult>> ApproveListingAsync(
        Guid id, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, ModerationStore moderation, CancellationToken ct) =>
        ListingResult(http, await moderation.ApproveListingAsync(id, caller, ETags.Expected(ifMatch), TraceId(), ct));

    private static Task<Results<Ok<ListingResponse>, ProblemHttpResult>> RejectListingAsync(
        Guid id, DecisionReasonRequest request, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch,
        ModerationStore moderation, CancellationToken ct) =>
        DecideListingAsync(id, ListingDecision.Reject, request.Reason, caller, http, ifMatch, moderation, ct);

    private static Task<Results<Ok<ListingResponse>, ProblemHttpResult>> RemoveListingAsync(
        Guid id, DecisionReasonRequest request, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch,
        ModerationStore moderation, CancellationToken ct) =>
        DecideListingAsync(id, ListingDecision.Remove, request.Reason, caller, http, ifMatch, moderation, ct);

    private static Task<Results<Ok<ListingResponse>, ProblemHttpResult>> RestoreListingAsync(
        Guid id, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, ModerationStore moderation, CancellationToken ct) =>
        DecideListingAsync(id, ListingDecision.Restore, null, caller, http, ifMatch, moderation, ct);

    private static Task<Results<Ok<AssociationResponse>, ProblemHttpResult>> VerifyAssociationAsync(
        Guid id, VerifyAssociationRequest request, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch,
        ModerationStore moderation, CancellationToken ct) =>
        DecideAssociationAsync(id, AssociationDecision.Verify, null, new CheckedRegisterEntry(request.RegisterCourt!, request.RegisterNumber!), caller, http, ifMatch, moderation, ct);

    private static Task<Results<Ok<AssociationResponse>, ProblemHttpResult>> SuspendAssociationAsync(
        Guid id, DecisionReasonRequest request, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch,
        ModerationStore moderation, CancellationToken ct) =>
        DecideAssociationAsync(id, AssociationDecision.Suspend, request.Reason!.Trim(), null, caller, http, ifMatch, moderation, ct);

    private static Task<Results<Ok<AssociationResponse>, ProblemHttpResult>> ReinstateAssociationAsync(
        Guid id, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, ModerationStore moderation, CancellationToken ct) =>
        DecideAssociationAsync(id, AssociationDecision.Reinstate, null, null, caller, http, ifMatch, moderation, ct);

    private static async Task<Results<Ok<ListingResponse>, ProblemHttpResult>> DecideListingAsync(
        Guid id, ListingDecision decision, string? reason, Caller caller, HttpContext http, string? ifMatch, ModerationStore moderation,
        CancellationToken ct) =>
        ListingResult(http, await moderation.DecideListingAsync(id, decision, reason?.Trim(), caller, ETags.Expected(ifMatch), TraceId(), ct));

    private static async Task<Results<Ok<AssociationResponse>, ProblemHttpResult>> DecideAssociationAsync(
        Guid id, AssociationDecision decision, string? reason, CheckedRegisterEntry? register, Caller caller, HttpContext http, string? ifMatch,
        ModerationStore moderation, CancellationToken ct)
    {
        var decided = await moderation.DecideAssociationAsync(id, decision, reason, register, caller, ETags.Expected(ifMatch), TraceId(), ct);
        if (decided.Row is null)
        {
            return Problem(decided.Refusal, decided.CurrentStatus);
        }

        ETags.Set(http, decided.Row.Version);
        return TypedResults.Ok(AssociationResponse.From(decided.Row));
    }

    private static Results<Ok<ListingResponse>, ProblemHttpResult> ListingResult(HttpContext http, Decided<ListingRow> decided)
    {
        if (decided.Row is null)
        {
            return Problem(decided.Refusal, decided.CurrentStatus);
        }

        ETags.Set(http, decided.Row.Version);
        return TypedResults.Ok(ListingResponse.From(decided.Row));
    }

    private static ProblemHttpResult Problem(DecisionRefusal refusal, string? currentStatus) => refusal switch
    {
        DecisionRefusal.VersionMismatch => Problems.Of(ProblemType.PreconditionFailed),
        DecisionRefusal.WrongStatus => Problems.Of(ProblemType.InvalidTransition, WrongStatus.Format(currentStatus),
            new Dictionary<string, object?> { ["currentStatus"] = currentStatus }),
        DecisionRefusal.RegisterMismatch => Problems.Of(ProblemType.Conflict, RegisterMismatch.ToString()),
        DecisionRefusal.NotFound or DecisionRefusal.None => Problems.Of(ProblemType.NotFound),
    };

    private static string? TraceId() => Activity.Current?.TraceId.ToString();
}
