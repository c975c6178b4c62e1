using FluentValidation;
using ResourceShare.Domain.Accounts;

namespace ResourceShare.Api.Privacy;

/// <summary>The account's password, confirming an erasure or a dissolution.</summary>
public sealed record ConfirmWithPasswordRequest(string? Password);

public sealed class ConfirmWithPasswordRequestValidator : AbstractValidator<ConfirmWithPasswordRequest>
{
    public ConfirmWithPasswordRequestValidator() => RuleFor(x => x.Password).NotEmpty().MaximumLength(PasswordPolicy.MaxChars);
}
