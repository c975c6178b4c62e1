using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;
using ResourceShare.Infrastructure.Accounts;

namespace ResourceShare.Api.Auth;

public sealed record TokenResponse(
    string AccessToken, string TokenType, int ExpiresIn, DateTimeOffset AccessTokenExpiresAt, string RefreshToken, DateTimeOffset RefreshTokenExpiresAt)
{
    public static TokenResponse From(IssuedTokens tokens, DateTimeOffset now) => new(
        tokens.Access.Token, "Bearer", (int)Math.Round((tokens.Access.ExpiresAt - now.UtcDateTime).TotalSeconds), tokens.Access.ExpiresAt,
        tokens.Refresh.Token, tokens.Refresh.ExpiresAt);
}

public sealed record MembershipResponse(Guid AssociationId, string AssociationName, VerificationStatus VerificationStatus, MembershipRole Role)
{
    public static MembershipResponse From(MembershipOfUserRow row) =>
        new(row.AssociationId, row.AssociationName, row.VerificationStatus, row.Role);
}

public sealed record MeResponse(
    Guid Id, string Email, string DisplayName, string PreferredLanguage, PlatformRole PlatformRole,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<MembershipResponse> Memberships)
{
    public static MeResponse From(UserRow user, IReadOnlyList<MembershipOfUserRow> memberships) => new(
        user.Id, user.Email, user.DisplayName, user.PreferredLanguage, user.PlatformRole, user.CreatedAt, user.UpdatedAt,
        memberships.Select(MembershipResponse.From).ToList());
}

public sealed record RegisterResponse(MeResponse User, TokenResponse Tokens);
