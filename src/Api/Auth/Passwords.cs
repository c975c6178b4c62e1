using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ResourceShare.Api.Auth;

public enum PasswordCheck
{
    Wrong,
    Correct,
    CorrectButOutdated,
}

/// <summary>
/// Slow salted password hashes: ASP.NET Core Identity's PBKDF2-HMAC-SHA512 format (v3) at the configured
/// iteration count. Hashes made with fewer iterations verify and are reported outdated, to be upgraded.
/// </summary>
public sealed class Passwords
{
    private static readonly object User = new();
    private readonly PasswordHasher<object> hasher;
    private readonly string decoyHash;

    public Passwords(IOptions<AuthOptions> options)
    {
        hasher = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = options.Value.PasswordIterations,
        }));
        decoyHash = hasher.HashPassword(User, Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
    }

    public string Hash(string password) => hasher.HashPassword(User, password);

    public PasswordCheck Verify(string hash, string password) => hasher.VerifyHashedPassword(User, hash, password) switch
    {
        PasswordVerificationResult.Success => PasswordCheck.Correct,
        PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.CorrectButOutdated,
        _ => PasswordCheck.Wrong,
    };

    /// <summary>
    /// Spends the same time as a real verification, for unknown accounts, so that response time does not
    /// tell which emails are registered.
    /// </summary>
    public void VerifyDecoy(string password) => hasher.VerifyHashedPassword(User, decoyHash, password);
}
