using FluentValidation;
using ResourceShare.Domain.Accounts;

namespace ResourceShare.Api.Privacy;

/// <summary>The account's password, confirming an erasure or a dissolution.</summary>
public sealed record ConfirmWithPasswordRequest(string? Password);

public sealed class ConfirmWithPasswordRequestValidator : AbstractValidator<ConfirmWithPasswordRequest>
{
    public ConfirmWithPasswordRequestValidator() => RuleFor(x => x.Password).NotEmpty().MaximumLength(PasswordPolicy.MaxChars);
}

/// <summary>Accepts the terms of use and privacy notice of <see cref="Version"/>, which must be the current one.</summary>
public sealed record AcceptTermsRequest(string? Version);

public sealed class AcceptTermsRequestValidator : AbstractValidator<AcceptTermsRequest>
{
    public AcceptTermsRequestValidator() => RuleFor(x => x.Version).NotEmpty().MaximumLength(TermsResponse.VersionMaxLength);
}

/// <summary>The current version of the terms and privacy notice, and which one you accepted when.</summary>
public sealed record TermsResponse(string CurrentVersion, string? AcceptedVersion, DateTimeOffset? AcceptedAt, bool UpToDate)
{
    public const int VersionMaxLength = 40;

    /// <summary>The setting that names the current version; a new version asks every user to accept again.</summary>
    public const string CurrentVersionSetting = "Privacy:TermsVersion";

    public static string Current(IConfiguration configuration) => configuration.GetValue(CurrentVersionSetting, "2026-12")!;

    public static TermsResponse From(string current, string? accepted, DateTime? at) =>
        new(current, accepted, at, accepted == current);
}

/// <summary>The version of the terms of use and privacy notice a person accepts now.</summary>
public sealed record CurrentTermsResponse(string CurrentVersion);
