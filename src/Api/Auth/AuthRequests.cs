using FluentValidation;
using ResourceShare.Api.Http;
using ResourceShare.Api.Privacy;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Common;

namespace ResourceShare.Api.Auth;

/// <summary>
/// A new account. <see cref="AcceptedTermsVersion"/>, when given, records that the person accepted that version of the
/// terms of use and privacy notice (it must be the current one), together with the account.
/// </summary>
public sealed record RegisterRequest(string? Email, string? Password, string? DisplayName, string? PreferredLanguage, string? AcceptedTermsVersion = null);

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record UpdateMeRequest(string? DisplayName, string? PreferredLanguage);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public static class AccountRules
{
    public const int DisplayNameMaxLength = 100;
    public const int RefreshTokenMaxLength = 200;

    public static IRuleBuilderOptions<T, string?> ValidEmail<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(AssociationRules.EmailMaxLength).EmailAddress();

    public static IRuleBuilderOptions<T, string?> ValidLanguageTag<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(LanguageTags.MaxLength)
            .Must(tag => tag is null || LanguageTags.IsValid(tag))
            .WithMessage(_ => new UserText("Not a known BCP 47 language tag (e.g. de, ar, ti, prs, pt-BR).",
                "Kein bekanntes BCP-47-Sprachkürzel (z. B. de, ar, ti, prs, pt-BR).").ToString());

    public static IRuleBuilderOptions<T, string?> AcceptablePassword<T>(this IRuleBuilder<T, string?> rule, Func<T, string?> email) =>
        // The code-unit bound only stops absurd inputs before counting (and reports them alone); the policy's
        // own rules, in text elements, say more.
        rule.NotEmpty().MaximumLength(PasswordPolicy.MaxChars)
            .Must((request, password) => password is null || password.Length > PasswordPolicy.MaxChars
                                         || PasswordPolicy.Check(password, email(request)) == PasswordProblem.None)
            .WithMessage((request, password) => Describe(PasswordPolicy.Check(password ?? "", email(request))));

    public static string Describe(PasswordProblem problem) => problem switch
    {
        PasswordProblem.TooShort => new UserText($"Use at least {PasswordPolicy.MinLength} characters.", $"Verwenden Sie mindestens {PasswordPolicy.MinLength} Zeichen.").ToString(),
        PasswordProblem.TooLong => new UserText($"Use at most {PasswordPolicy.MaxLength} characters.", $"Verwenden Sie höchstens {PasswordPolicy.MaxLength} Zeichen.").ToString(),
        PasswordProblem.TooCommon => new UserText("This password is among the most common ones; choose another.", "Dieses Passwort gehört zu den häufigsten; wählen Sie ein anderes.").ToString(),
        PasswordProblem.ContainsEmail => new UserText("The password must not contain your email address.", "Das Passwort darf Ihre E-Mail-Adresse nicht enthalten.").ToString(),
        PasswordProblem.None => "",
    };
}

public sealed class RegisterRequestValidator : AbstractValidator<RegisterRequest>
{
    public RegisterRequestValidator()
    {
        RuleFor(x => x.Email).ValidEmail();
        RuleFor(x => x.Password).AcceptablePassword(x => x.Email);
        RuleFor(x => x.DisplayName).NotEmpty().MaximumLength(AccountRules.DisplayNameMaxLength);
        RuleFor(x => x.PreferredLanguage).ValidLanguageTag();
        RuleFor(x => x.AcceptedTermsVersion).MaximumLength(TermsResponse.VersionMaxLength);
        RuleFor(x => x.AcceptedTermsVersion).NotEmpty().When(x => x.AcceptedTermsVersion is not null);
    }
}

public sealed class LoginRequestValidator : AbstractValidator<LoginRequest>
{
    public LoginRequestValidator()
    {
        RuleFor(x => x.Email).NotEmpty().MaximumLength(AssociationRules.EmailMaxLength);
        RuleFor(x => x.Password).NotEmpty().MaximumLength(PasswordPolicy.MaxChars);
    }
}

public sealed class RefreshRequestValidator : AbstractValidator<RefreshRequest>
{
    public RefreshRequestValidator() => RuleFor(x => x.RefreshToken).NotEmpty().MaximumLength(AccountRules.RefreshTokenMaxLength);
}

public sealed class UpdateMeRequestValidator : AbstractValidator<UpdateMeRequest>
{
    public UpdateMeRequestValidator()
    {
        RuleFor(x => x.DisplayName).MaximumLength(AccountRules.DisplayNameMaxLength);
        RuleFor(x => x.DisplayName).NotEmpty().When(x => x.DisplayName is not null);
        RuleFor(x => x.PreferredLanguage).ValidLanguageTag();
    }
}

public sealed class ChangePasswordRequestValidator : AbstractValidator<ChangePasswordRequest>
{
    public ChangePasswordRequestValidator()
    {
        RuleFor(x => x.CurrentPassword).NotEmpty().MaximumLength(PasswordPolicy.MaxChars);
        RuleFor(x => x.NewPassword).AcceptablePassword(_ => null);
    }
}
