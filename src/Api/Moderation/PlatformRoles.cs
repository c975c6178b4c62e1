using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;
using ResourceShare.Api.Auth;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Moderation;

/// <summary>
/// Authorization by platform role, from the signed-in user's access token: members, association owners and API keys
/// get 403, anonymous callers 401. A changed role takes effect with the next access token.
/// </summary>
public static class PlatformRoles
{
    public static TBuilder RequirePlatformRole<TBuilder>(this TBuilder builder, params PlatformRole[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizationPolicyBuilder()
            .RequireClaim(JwtRegisteredClaimNames.Sub)
            .RequireClaim(Tokens.RoleClaim, roles.Select(EnumText<PlatformRole>.Of))
            .Build());
}
