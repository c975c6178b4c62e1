using FluentValidation;

namespace ResourceShare.Api.Feedback;

/// <summary>A rating from 1 (poor) to 5 (excellent) and an optional comment.</summary>
public sealed record GiveFeedbackRequest(int? Rating, string? Comment)
{
    public const int MinRating = 1;
    public const int MaxRating = 5;
    public const int CommentMaxLength = 2000;
}

public sealed class GiveFeedbackRequestValidator : AbstractValidator<GiveFeedbackRequest>
{
    public GiveFeedbackRequestValidator()
    {
        RuleFor(x => x.Rating).NotNull().InclusiveBetween(GiveFeedbackRequest.MinRating, GiveFeedbackRequest.MaxRating);
        RuleFor(x => x.Comment).MaximumLength(GiveFeedbackRequest.CommentMaxLength);
    }
}
