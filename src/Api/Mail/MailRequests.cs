using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Api.Http;
using ResourceShare.Domain.Notifications;

namespace ResourceShare.Api.Mail;

/// <summary>One kind of event and how its mails should come.</summary>
public sealed record MailPreferenceChange(NotificationKind? Kind, MailDelivery? Delivery);

/// <summary>The kinds to change; kinds left out keep their delivery.</summary>
public sealed record UpdateMailPreferencesRequest(MailPreferenceChange[]? Items);

/// <summary>How the signed-in person hears of one kind of event; <c>isDefault</c> when they never chose.</summary>
public sealed record MailPreferenceResponse(NotificationKind Kind, MailDelivery Delivery, bool IsDefault);

public sealed record MailPreferencesResponse(IReadOnlyList<MailPreferenceResponse> Items);

public sealed record UnsubscribeQuery([property: FromQuery(Name = "token")] string? Token);

public sealed class UpdateMailPreferencesRequestValidator : AbstractValidator<UpdateMailPreferencesRequest>
{
    public UpdateMailPreferencesRequestValidator()
    {
        RuleFor(x => x.Items).NotNull().ItemCount(1, Enum.GetValues<NotificationKind>().Length)
            .Must(items => items is null || items.Select(i => i.Kind).Distinct().Count() == items.Length)
            .WithMessage(_ => new UserText("Each kind may appear once.", "Jede Art darf nur einmal vorkommen.").ToString());
        RuleForEach(x => x.Items).ChildRules(item =>
        {
            item.RuleFor(i => i.Kind).NotNull();
            item.RuleFor(i => i.Delivery).NotNull();
        });
    }
}

public sealed class UnsubscribeQueryValidator : AbstractValidator<UnsubscribeQuery>
{
    public UnsubscribeQueryValidator() => RuleFor(x => x.Token).NotEmpty().MaximumLength(UnsubscribeTokens.MaxLength);
}
