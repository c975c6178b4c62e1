namespace ResourceShare.Domain.Accounts;

/// <summary>
/// Who is calling: a signed-in user, an integrator's API key acting for one association, or nobody.
/// Resolved once per request from the token or key; handlers and stores never parse claims.
/// </summary>
public sealed record Caller(Guid? UserId, Guid? ApiKeyId, Guid? KeyAssociationId, IReadOnlyList<string> Scopes, PlatformRole Role)
{
    public static Caller Anonymous { get; } = new(null, null, null, [], PlatformRole.Member);

    public static Caller User(Guid userId, PlatformRole role) => new(userId, null, null, [], role);

    public static Caller ApiKey(Guid keyId, Guid associationId, IReadOnlyList<string> scopes) =>
        new(null, keyId, associationId, scopes, PlatformRole.Member);

    public bool IsAuthenticated => UserId is not null || ApiKeyId is not null;

    public bool IsApiKey => ApiKeyId is not null;

    public bool IsModerator => UserId is not null && AccessPolicy.CanOverseeAll(Role);

    /// <summary>
    /// Whether this caller, if it belongs to the association, could get <paramref name="permission"/>
    /// from a key scope; memberships are checked in SQL.
    /// </summary>
    public bool KeyAllows(Permission permission) => IsApiKey && AccessPolicy.Allows(Scopes, permission);
}
