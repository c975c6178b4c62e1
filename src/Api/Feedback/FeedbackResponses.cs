using ResourceShare.Infrastructure.Feedback;

namespace ResourceShare.Api.Feedback;

public sealed record FeedbackAssociationResponse(Guid Id, string Name);

/// <summary>One side's feedback on a completed match: who gave it to whom, the rating (1–5) and the comment.</summary>
public sealed record FeedbackResponse(
    Guid MatchId, FeedbackAssociationResponse FromAssociation, FeedbackAssociationResponse ToAssociation, int Rating, string? Comment, DateTimeOffset CreatedAt)
{
    public static FeedbackResponse From(FeedbackRow feedback) => new(
        feedback.MatchId, new FeedbackAssociationResponse(feedback.FromAssociationId, feedback.FromAssociationName),
        new FeedbackAssociationResponse(feedback.ToAssociationId, feedback.ToAssociationName), feedback.Rating, feedback.Comment, feedback.CreatedAt);
}

public sealed record FeedbackListResponse(IReadOnlyList<FeedbackResponse> Items);
