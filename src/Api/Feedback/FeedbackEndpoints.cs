using Microsoft.AspNetCore.Http.HttpResults;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Api.OpenApi;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Matches;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Feedback;

namespace ResourceShare.Api.Feedback;

public static class FeedbackEndpoints
{
    private static readonly UserText NotCompleted = new(
        "Feedback follows a completed match; this one is {0}.", "Eine Bewertung ist erst nach abgeschlossener Vermittlung möglich; diese hat den Status {0}.");
    private static readonly UserText AlreadyGiven = new(
        "Your association has already given its feedback on this match.", "Ihr Verein hat diese Vermittlung bereits bewertet.");
    private static readonly UserText BothSides = new(
        "You manage both associations of this match; feedback must come from the other side.",
        "Sie verwalten beide Vereine dieser Vermittlung; die Bewertung muss von der anderen Seite kommen.");

    public static IEndpointRouteBuilder MapFeedback(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/matches/{id:guid}/feedback")
            .WithTag("Feedback", "Ratings the two associations of a completed match give each other; they make up the trust figures of the profiles.")
            .RequireAuthorization(AuthSetup.UserOrKeyPolicy).WithValidation();

        group.MapPost("/", GiveAsync).WithIdempotency().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("GiveFeedback").WithSummary("Rate the other association of a completed match")
            .WithDescription("Owners and coordinators of one of the two associations, or its API key with matches:write; once per side, " +
                             "only after the match is completed (409 otherwise). The other association is notified. Honours Idempotency-Key.");
        group.MapGet("/", ListAsync)
            .WithName("ListFeedback").WithSummary("Both sides' feedback on a match")
            .WithDescription("For the members and API keys (matches:write) of the two associations of the match.");
        return app;
    }

    private static async Task<Results<Created<FeedbackResponse>, ProblemHttpResult>> GiveAsync(
        Guid id, GiveFeedbackRequest request, Caller caller, FeedbackStore feedback, CancellationToken ct)
    {
        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        return await feedback.GiveAsync(id, caller, request.Rating!.Value, comment, ct) switch
        {
            FeedbackOutcome.Done done => TypedResults.Created($"/api/v1/matches/{id}/feedback", FeedbackResponse.From(done.Row)),
            FeedbackOutcome.NotCompleted wrong => Problems.Of(ProblemType.InvalidTransition, NotCompleted.Format(EnumText<MatchStatus>.Of(wrong.Current)),
                new Dictionary<string, object?> { ["currentStatus"] = EnumText<MatchStatus>.Of(wrong.Current) }),
            FeedbackOutcome.AlreadyGiven => Problems.Of(ProblemType.Conflict, AlreadyGiven.ToString()),
            FeedbackOutcome.BothSides => Problems.Of(ProblemType.Forbidden, BothSides.ToString()),
            FeedbackOutcome.Refused { Refusal: Refusal.Forbidden } => Problems.Of(ProblemType.Forbidden),
            FeedbackOutcome.Refused { Refusal: Refusal.Suspended } => Problems.Of(ProblemType.AssociationSuspended),
            _ => Problems.Of(ProblemType.NotFound),
        };
    }

    private static async Task<Results<Ok<FeedbackListResponse>, ProblemHttpResult>> ListAsync(
        Guid id, Caller caller, FeedbackStore feedback, CancellationToken ct) =>
        await feedback.ListAsync(id, caller, ct) is { } rows
            ? TypedResults.Ok(new FeedbackListResponse(rows.Select(FeedbackResponse.From).ToList()))
            : Problems.Of(ProblemType.NotFound);
}
