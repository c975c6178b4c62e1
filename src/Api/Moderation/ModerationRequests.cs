using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Api.Http;
using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Moderation;

namespace ResourceShare.Api.Moderation;

/// <summary>
/// A report. <see cref="AssociationId"/> is the association the reporter reports for and must belong to; it may be
/// left out by a member of exactly one association.
/// </summary>
public sealed record CreateReportRequest(ReportReason? Reason, string? Comment, Guid? AssociationId);

public sealed class CreateReportRequestValidator : AbstractValidator<CreateReportRequest>
{
    public CreateReportRequestValidator()
    {
        RuleFor(x => x.Reason).NotNull().IsInEnum();
        RuleFor(x => x.Comment).MaximumLength(ModerationRules.MaxCommentLength);
    }
}

/// <summary>Why a moderator rejects or removes a listing or suspends an association; the owner association is told.</summary>
public sealed record DecisionReasonRequest(string? Reason);

public sealed class DecisionReasonRequestValidator : AbstractValidator<DecisionReasonRequest>
{
    public DecisionReasonRequestValidator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(ModerationRules.MaxReasonLength);
}

/// <summary>The register entry as the moderator read it in the register; it must be the one the association gave.</summary>
public sealed record VerifyAssociationRequest(string? RegisterCourt, string? RegisterNumber);

public sealed class VerifyAssociationRequestValidator : AbstractValidator<VerifyAssociationRequest>
{
    public VerifyAssociationRequestValidator()
    {
        RuleFor(x => x.RegisterCourt).NotEmpty().MaximumLength(AssociationRules.RegisterCourtMaxLength);
        RuleFor(x => x.RegisterNumber).NotEmpty().MaximumLength(AssociationRules.RegisterNumberMaxLength);
    }
}

public sealed record ModerationQueueQuery(
    [property: FromQuery(Name = "kind")] string? Kind,
    [property: FromQuery(Name = "reason")] string? Reason,
    [property: FromQuery(Name = "limit")] int? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
}

public sealed class ModerationQueueQueryValidator : AbstractValidator<ModerationQueueQuery>
{
    public ModerationQueueQueryValidator()
    {
        RuleFor(x => x.Kind).IsWireValueOf<ModerationQueueQuery, ModerationTarget>();
        RuleFor(x => x.Reason).IsWireValueOf<ModerationQueueQuery, ReportReason>();
        RuleFor(x => x.Limit).InclusiveBetween(1, ModerationQueueQuery.MaxLimit);
        RuleFor(x => x.Cursor).MaximumLength(500);
    }
}

public sealed record AuditLogQuery(
    [property: FromQuery(Name = "actorId")] Guid? ActorId,
    [property: FromQuery(Name = "targetId")] Guid? TargetId,
    [property: FromQuery(Name = "action")] string? Action,
    [property: FromQuery(Name = "from")] DateTimeOffset? From,
    [property: FromQuery(Name = "to")] DateTimeOffset? To,
    [property: FromQuery(Name = "limit")] int? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxActionLength = 100;
}

public sealed class AuditLogQueryValidator : AbstractValidator<AuditLogQuery>
{
    public AuditLogQueryValidator()
    {
        RuleFor(x => x.Action).MaximumLength(AuditLogQuery.MaxActionLength);
        RuleFor(x => x.To).Must((q, to) => to is null || q.From is null || to > q.From)
            .WithMessage(_ => new UserText("Must be after from.", "Muss nach from liegen.").ToString());
        RuleFor(x => x.Limit).InclusiveBetween(1, AuditLogQuery.MaxLimit);
        RuleFor(x => x.Cursor).MaximumLength(500);
    }
}

/// <summary>The period of the statistics, half-open [from, to); by default the 30 days up to now.</summary>
public sealed record StatsQuery(
    [property: FromQuery(Name = "from")] DateTimeOffset? From,
    [property: FromQuery(Name = "to")] DateTimeOffset? To)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 3660;
}

public sealed class StatsQueryValidator : AbstractValidator<StatsQuery>
{
    public StatsQueryValidator() =>
        RuleFor(x => x.To).Must((q, to) => to is null || q.From is null || (to > q.From && to - q.From <= TimeSpan.FromDays(StatsQuery.MaxDays)))
            .WithMessage(_ => new UserText($"Must be after from, at most {StatsQuery.MaxDays} days later.",
                $"Muss nach from liegen, höchstens {StatsQuery.MaxDays} Tage später.").ToString());
}
