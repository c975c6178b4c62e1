using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace ResourceShare.Api.OpenApi;

/// <summary>
/// Declares the two credentials of the API and derives every operation's <c>security</c> from the endpoint's
/// authorization metadata, combined the way the authorization middleware combines it, so the document follows the
/// code as authentication arrives:
/// <list type="bullet">
/// <item><c>.AllowAnonymous()</c>, or no authorization metadata and no fallback policy: <c>security: [{}]</c>, "no
/// credentials needed". (<c>[]</c> means the same, but Spectral's OWASP rules accept only the explicit form.)</item>
/// <item><c>.RequireAuthorization(…)</c>, <c>[Authorize]</c> or a fallback policy: one alternative per authentication
/// scheme the policy names, matched by name and ignoring case, so register the handlers as "Bearer" and "ApiKey"
/// (JwtBearerDefaults.AuthenticationScheme is "Bearer"). A policy that names no scheme uses the default one, which
/// must then accept either credential.</item>
/// <item>A policy that requires a platform role (the token's role claim): the bearer scheme alone, since no API key has
/// a role, with the roles as the requirement's role names (OpenAPI 3.1 allows them for every scheme type), and a
/// sentence in the description naming them.</item>
/// </list>
/// The error responses (401/403) follow from the result; see <see cref="ProblemResponsesTransformer"/>.
/// </summary>
internal sealed class SecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string Bearer = "bearer";
    public const string ApiKey = "apiKey";
    public const string ApiKeyHeader = "X-Api-Key";

    private static readonly string[] AllSchemes = [Bearer, ApiKey];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description =
                "For users: `Authorization: Bearer <access token>`. The access token is a short-lived JWT obtained by " +
                "signing in and renewed with a rotating, revocable refresh token; it is issued and validated as RFC8725 " +
                "(JSON Web Token Best Current Practices) requires. Operations for moderators and admins name the platform " +
                "roles that may call them; other users and API keys get 403 there. The role is read from the token, so a " +
                "changed role takes effect with the next access token.",
        };
        document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyHeader,
            Description =
                $"For integrators: `{ApiKeyHeader}: <key>`. A key acts for one association within its scopes " +
                "(listings:read, listings:write, matches:write); it is shown once at creation and can be revoked.",
        };
        return Task.CompletedTask;
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var policy = await RequiredPolicyAsync(context.Description.ActionDescriptor.EndpointMetadata, context.ApplicationServices);
        var roles = policy is null ? [] : PlatformRolesOf(policy);
        operation.Security = policy is null
            ? [new OpenApiSecurityRequirement()]
            : roles.Count > 0
                ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = roles }]
                : SchemesOf(policy, context.Description.RelativePath)
                    .Select(scheme => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] })
                    .ToList();
        if (roles.Count > 0)
        {
            operation.Description = $"{operation.Description} Platform role required: {string.Join(" or ", roles)}.".TrimStart();
        }
    }

    /// <summary>The platform roles (the access token's role claim) a policy requires; none for most operations.</summary>
    private static List<string> PlatformRolesOf(AuthorizationPolicy policy) =>
        policy.Requirements.OfType<ClaimsAuthorizationRequirement>()
            .Where(r => r.ClaimType == Auth.Tokens.RoleClaim)
            .SelectMany(r => r.AllowedValues ?? [])
            .Distinct()
            .ToList();

    /// <summary>Whether an operation's security (as written by this transformer) asks for credentials.</summary>
    public static bool RequiresCredentials(OpenApiOperation operation) => operation.Security?.Any(r => r.Count > 0) == true;

    private static async Task<AuthorizationPolicy?> RequiredPolicyAsync(IList<object> metadata, IServiceProvider services)
    {
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return null;
        }

        var policies = services.GetService<IAuthorizationPolicyProvider>()
            ?? new DefaultAuthorizationPolicyProvider(Options.Create(new AuthorizationOptions()));
        return await AuthorizationPolicy.CombineAsync(policies, metadata.OfType<IAuthorizeData>(), metadata.OfType<AuthorizationPolicy>());
    }

    private static IEnumerable<string> SchemesOf(AuthorizationPolicy policy, string? route)
    {
        if (policy.AuthenticationSchemes.Count == 0)
        {
            return AllSchemes;
        }

        return policy.AuthenticationSchemes.Select(name =>
            AllSchemes.FirstOrDefault(scheme => string.Equals(scheme, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(
                $"The authorization policy of '{route}' names the authentication scheme '{name}', which the OpenAPI " +
                $"document does not declare; use {string.Join(" or ", AllSchemes)}, or declare it in {nameof(SecurityTransformer)}."))
            .Distinct();
    }
}
