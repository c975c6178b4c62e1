using Microsoft.Extensions.Options;
using ResourceShare.Infrastructure.Accounts;

namespace ResourceShare.Api.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>HMAC-SHA256 key for access tokens, at least 32 bytes. Required: the API refuses to start without it.</summary>
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "resourceshare";

    public string Audience { get; set; } = "resourceshare-api";

    public int AccessTokenMinutes { get; set; } = 15;

    public int RefreshTokenDays { get; set; } = 30;

    /// <summary>PBKDF2-HMAC-SHA512 iterations for new password hashes; hashes with fewer are upgraded on sign-in.</summary>
    public int PasswordIterations { get; set; } = 300_000;

    /// <summary>
    /// Sign-in attempts per account and client address that go through at once; each further one waits
    /// <see cref="LoginDelaySeconds"/>, doubled with every attempt, up to <see cref="ThrottleWindowMinutes"/>.
    /// A success starts the count again. Per address as well, so that nobody elsewhere can lock the holder out.
    /// </summary>
    public int LoginAttemptsBeforeDelay { get; set; } = 5;

    public int LoginDelaySeconds { get; set; } = 1;

    /// <summary>Sign-in attempts per client address, for any accounts, within <see cref="ThrottleWindowMinutes"/>.</summary>
    public int LoginsPerAddress { get; set; } = 30;

    public int RegistrationsPerAddress { get; set; } = 10;

    public int RefreshesPerAddress { get; set; } = 60;

    public int ThrottleWindowMinutes { get; set; } = 15;

    public TimeSpan ThrottleWindow => TimeSpan.FromMinutes(ThrottleWindowMinutes);

    /// <summary>The growing delays of sign-in attempts per account and address; attempts are forgotten a day after the last.</summary>
    public Backoff LoginBackoff => new(LoginAttemptsBeforeDelay, TimeSpan.FromSeconds(LoginDelaySeconds), ThrottleWindow, TimeSpan.FromDays(1));
}

public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public const int MinimumPasswordIterations = 220_000;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (System.Text.Encoding.UTF8.GetByteCount(options.SigningKey) < 32)
        {
            failures.Add("Auth:SigningKey (env Auth__SigningKey) must be set to a secret of at least 32 bytes; scripts/run generates one for development.");
        }

        if (options.AccessTokenMinutes is < 1 or > 15)
        {
            failures.Add("Auth:AccessTokenMinutes must be between 1 and 15.");
        }

        if (options.LoginAttemptsBeforeDelay < 1 || options.LoginDelaySeconds < 1 || options.ThrottleWindowMinutes < 1)
        {
            failures.Add("Auth:LoginAttemptsBeforeDelay, Auth:LoginDelaySeconds and Auth:ThrottleWindowMinutes must be at least 1.");
        }

        if (options.PasswordIterations < MinimumPasswordIterations)
        {
            failures.Add($"Auth:PasswordIterations must be at least {MinimumPasswordIterations}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
