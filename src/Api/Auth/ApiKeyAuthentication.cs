using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ResourceShare.Infrastructure.Accounts;

namespace ResourceShare.Api.Auth;

/// <summary>Authenticates integrators by the X-Api-Key header (never a query string): a key acts for its association within its scopes.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string KeyPrefix = "rsk_";
    public const string KeyIdClaim = "api_key_id";
    public const string AssociationClaim = "association_id";
    public const string ScopeClaim = "scope";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        var key = values.ToString();
        if (values.Count != 1 || !key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key.Length > 100)
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var principal = await keys.AuthenticateAsync(Tokens.HashSecret(key), Context.RequestAborted);
        if (principal is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var claims = new List<Claim>
        {
            new(KeyIdClaim, principal.Id.ToString()),
            new(AssociationClaim, principal.AssociationId.ToString()),
        };
        claims.AddRange(principal.Scopes.Select(s => new Claim(ScopeClaim, s)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }
}
