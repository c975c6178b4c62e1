using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Api.Http;
using ResourceShare.Api.Listings;
using ResourceShare.Domain.Matches;

namespace ResourceShare.Api.Matches;

/// <summary>
/// A proposal between a request and an offer. windows: the windows wanted (each inside one of the request's
/// windows and one of the offer's availability windows); left out, every servable occurrence of a recurring
/// request, or the first servable window of alternatives. quantity: units of equipment (default the request's
/// quantity, or 1).
/// </summary>
public sealed record CreateMatchRequest(Guid? RequestId, Guid? OfferId, WindowDto[]? Windows, int? Quantity, string? Message);

/// <summary>conflicts: reject (default) books all occurrences or none; skip books what it can and reports the rest.</summary>
public sealed record AcceptMatchRequest(ConflictHandling? Conflicts);

public sealed record DeclineMatchRequest(string? Reason);

public sealed record CancelMatchRequest(string? Reason);

public sealed record PostMessageRequest(string? Body);

public sealed record MatchListQuery(
    [property: FromQuery(Name = "associationId")] Guid? AssociationId,
    [property: FromQuery(Name = "direction")] string? Direction,
    [property: FromQuery(Name = "status")] string? Status,
    [property: FromQuery(Name = "limit")] int? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public static readonly string[] Directions = ["incoming", "outgoing"];
}

public sealed record BookingListQuery(
    [property: FromQuery(Name = "from")] DateTimeOffset? From,
    [property: FromQuery(Name = "to")] DateTimeOffset? To,
    [property: FromQuery(Name = "limit")] int? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor);

public sealed record MessageListQuery(
    [property: FromQuery(Name = "order")] string? Order,
    [property: FromQuery(Name = "limit")] int? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor)
{
    public static readonly string[] Orders = ["oldest", "newest"];
}

public sealed class CreateMatchRequestValidator : AbstractValidator<CreateMatchRequest>
{
    public CreateMatchRequestValidator()
    {
        RuleFor(x => x.RequestId).NotNull();
        RuleFor(x => x.OfferId).NotNull();
        RuleFor(x => x.Windows).ItemCount(1, MatchRules.MaxWindows);
        RuleForEach(x => x.Windows).NotNull().SetValidator(new WindowDtoValidator());
        RuleFor(x => x.Quantity).InclusiveBetween(1, MatchRules.MaxQuantity);
        RuleFor(x => x.Message).MaximumLength(MatchRules.MaxMessageLength);
    }
}

public sealed class AcceptMatchRequestValidator : AbstractValidator<AcceptMatchRequest>
{
    public AcceptMatchRequestValidator() => RuleFor(x => x.Conflicts).IsInEnum();
}

public sealed class DeclineMatchRequestValidator : AbstractValidator<DeclineMatchRequest>
{
    public DeclineMatchRequestValidator() => RuleFor(x => x.Reason).MaximumLength(MatchRules.MaxReasonLength);
}

public sealed class CancelMatchRequestValidator : AbstractValidator<CancelMatchRequest>
{
    public CancelMatchRequestValidator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(MatchRules.MaxReasonLength);
}

public sealed class PostMessageRequestValidator : AbstractValidator<PostMessageRequest>
{
    public PostMessageRequestValidator() => RuleFor(x => x.Body).NotEmpty().MaximumLength(MatchRules.MaxMessageLength);
}

public sealed class MatchListQueryValidator : AbstractValidator<MatchListQuery>
{
    public MatchListQueryValidator()
    {
        RuleFor(x => x.Direction).AllowedValues(MatchListQuery.Directions);
        RuleFor(x => x.Status).IsWireValueOf<MatchListQuery, MatchStatus>();
        RuleFor(x => x.Limit).InclusiveBetween(1, MatchListQuery.MaxLimit);
        RuleFor(x => x.Cursor).MaximumLength(500);
    }
}

public sealed class BookingListQueryValidator : AbstractValidator<BookingListQuery>
{
    public BookingListQueryValidator()
    {
        RuleFor(x => x.To).Must((q, to) => to is null || q.From is null || to > q.From)
            .WithMessage(_ => new UserText("Must be after from.", "Muss nach from liegen.").ToString());
        RuleFor(x => x.Limit).InclusiveBetween(1, MatchListQuery.MaxLimit);
        RuleFor(x => x.Cursor).MaximumLength(500);
    }
}

public sealed class MessageListQueryValidator : AbstractValidator<MessageListQuery>
{
    public MessageListQueryValidator()
    {
        RuleFor(x => x.Order).AllowedValues(MessageListQuery.Orders);
        RuleFor(x => x.Limit).InclusiveBetween(1, MatchListQuery.MaxLimit);
        RuleFor(x => x.Cursor).MaximumLength(500);
    }
}
