using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Auth;

public sealed record AccessToken(string Token, DateTime ExpiresAt);

public sealed record RefreshToken(string Token, byte[] Hash, DateTime ExpiresAt);

public sealed record IssuedTokens(AccessToken Access, RefreshToken Refresh);

/// <summary>
/// Short-lived JWT access tokens (HS256, issuer/audience/expiry validated, algorithm pinned) that carry their
/// user's session version, and random refresh tokens of which only a SHA-256 is ever stored.
/// </summary>
public sealed class Tokens(IOptions<AuthOptions> options, TimeProvider time)
{
    public const string RoleClaim = "platform_role";

    /// <summary>The user's session version when the token was issued; a request with an older one is refused.</summary>
    public const string SessionClaim = "session_version";
    public const string Algorithm = SecurityAlgorithms.HmacSha256;

    private readonly AuthOptions settings = options.Value;
    private readonly JsonWebTokenHandler handler = new();

    public static SymmetricSecurityKey SigningKey(AuthOptions options) => new(Encoding.UTF8.GetBytes(options.SigningKey));

    public IssuedTokens Issue(Guid userId, PlatformRole role, int sessionVersion) => new(IssueAccess(userId, role, sessionVersion), NewRefreshToken());

    public AccessToken IssueAccess(Guid userId, PlatformRole role, int sessionVersion)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var expires = now.AddMinutes(settings.AccessTokenMinutes);
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, userId.ToString()),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
                new Claim(RoleClaim, EnumText<PlatformRole>.Of(role)),
                new Claim(SessionClaim, sessionVersion.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer32),
            ]),
            SigningCredentials = new SigningCredentials(SigningKey(settings), Algorithm),
        });
        return new AccessToken(token, expires);
    }

    public RefreshToken NewRefreshToken()
    {
        var token = NewSecret("rt_");
        return new RefreshToken(token, HashSecret(token), time.GetUtcNow().UtcDateTime.AddDays(settings.RefreshTokenDays));
    }

    /// <summary>A random secret of 256 bits, URL-safe, with a recognisable prefix (helps secret scanners).</summary>
    public static string NewSecret(string prefix) => prefix + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static byte[] HashSecret(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
