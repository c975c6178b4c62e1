using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ResourceShare.Api.Http;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Accounts;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Auth;

/// <summary>Authentication (JWT bearer for users, X-Api-Key for integrators) and the per-request Caller.</summary>
public static class AuthSetup
{
    /// <summary>Signed-in users only; an API key is authenticated but forbidden here (403).</summary>
    public const string UserPolicy = "user";

    /// <summary>Users or API keys; what each may do is then decided per object.</summary>
    public const string UserOrKeyPolicy = "user-or-key";

    private const string SelectorScheme = "BearerOrApiKey";

    private static readonly UserText TwoCredentials = new(
        "Send one credential: an access token (Authorization: Bearer) or an API key (X-Api-Key), not both.",
        "Senden Sie einen Berechtigungsnachweis: ein Zugriffstoken (Authorization: Bearer) oder einen API-Schlüssel (X-Api-Key), nicht beides.");

    public static IServiceCollection AddResourceShareAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<Tokens>();
        services.AddSingleton<SignedLinks>();
        services.AddSingleton<Passwords>();
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped(sp => CallerOf(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User));

        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, SelectorScheme, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    IssuerSigningKey = Tokens.SigningKey(auth.Value),
                    ValidAlgorithms = [Tokens.Algorithm],
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = JwtRegisteredClaimNames.Sub,
                };
                jwt.Events = new JwtBearerEvents { OnTokenValidated = RefuseEndedSessionAsync };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(UserPolicy, p => p.RequireAuthenticatedUser().RequireClaim(JwtRegisteredClaimNames.Sub))
            .AddPolicy(UserOrKeyPolicy, p => p.RequireAuthenticatedUser());
        return services;
    }

    /// <summary>
    /// Refuses API keys sent in the query string: URLs end up in logs, browser histories and referrers, so a
    /// key there is as good as leaked. The header is the only way. A key is recognised by the usual parameter
    /// names and, under any name, by its prefix. Refuses two credentials in one request (an API key beside an
    /// Authorization header, or two keys) with 401 on every endpoint: which of them should count is anybody's
    /// guess, and a key must never quietly win over a token, nor a token over a key.
    /// </summary>
    public static IApplicationBuilder UseCredentialGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Request.Headers;
            if (headers.TryGetValue(ApiKeyAuthenticationHandler.HeaderName, out var keys) && (keys.Count > 1 || headers.ContainsKey("Authorization")))
            {
                context.Response.Headers.WWWAuthenticate = JwtBearerDefaults.AuthenticationScheme;
                await Problems.Of(ProblemType.Unauthorized, TwoCredentials.ToString()).ExecuteAsync(context);
                return;
            }

            var query = context.Request.Query;
            if (query.ContainsKey("api_key") || query.ContainsKey("apiKey") || query.ContainsKey("apikey") || query.ContainsKey("x-api-key")
                || query.Any(p => p.Value.Any(v => v?.StartsWith(ApiKeyAuthenticationHandler.KeyPrefix, StringComparison.Ordinal) == true)))
            {
                await Problems.Of(ProblemType.BadRequest, new UserText(
                    "API keys are accepted only in the X-Api-Key header, never in the URL. Revoke this key: it may have been logged.",
                    "API-Schlüssel werden nur im Header X-Api-Key angenommen, nie in der URL. Widerrufen Sie diesen Schlüssel: er könnte protokolliert worden sein.").ToString())
                    .ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    /// <summary>
    /// Refuses an access token whose session has ended (signed out, password or platform role changed): its
    /// session version is no longer the user's.
    /// </summary>
    private static async Task RefuseEndedSessionAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        if (!Guid.TryParse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub), out var userId)
            || !int.TryParse(principal.FindFirstValue(Tokens.SessionClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || !await context.HttpContext.RequestServices.GetRequiredService<SessionVersions>()
                .IsCurrentAsync(userId, version, context.HttpContext.RequestAborted))
        {
            context.Fail("The session of this access token has ended.");
        }
    }

    private static Caller CallerOf(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return Caller.Anonymous;
        }

        if (Guid.TryParse(principal.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim), out var keyId)
            && Guid.TryParse(principal.FindFirstValue(ApiKeyAuthenticationHandler.AssociationClaim), out var associationId))
        {
            return Caller.ApiKey(keyId, associationId, principal.FindAll(ApiKeyAuthenticationHandler.ScopeClaim).Select(c => c.Value).ToArray());
        }

        return Guid.TryParse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub), out var userId)
               && EnumText<PlatformRole>.TryParse(principal.FindFirstValue(Tokens.RoleClaim), out var role)
            ? Caller.User(userId, role)
            : Caller.Anonymous;
    }
}
