using ResourceShare.Domain.Associations;

namespace ResourceShare.Domain.Accounts;

/// <summary>Actions on an association's objects that not everybody may take.</summary>
public enum Permission
{
    /// <summary>See the association's non-public data: contact email, members.</summary>
    ReadPrivate,
    EditProfile,
    ManageMembers,
    ManageApiKeys,
    ReadListings,
    ManageListings,
    /// <summary>See the association's matches, bookings and the messages on its matches.</summary>
    ReadMatches,
    ManageMatches,
    /// <summary>Take a copy of everything the platform holds about the association (GDPR Art. 15 and 20).</summary>
    ExportData,
    /// <summary>End the association and erase its personal data.</summary>
    Dissolve,
    /// <summary>See and change the association's webhook endpoints and their delivery log.</summary>
    ManageWebhooks,
    /// <summary>Keep saved searches of one's own in the association: a person's choice, so no API key may.</summary>
    SaveSearches,
}

/// <summary>
/// The single table of who may do what in an association. Stores put <see cref="RolesFor"/> into the WHERE
/// clause of their SQL (membership.role = ANY(@Roles)), so the decision is made where the data is read.
/// </summary>
public static class AccessPolicy
{
    private static readonly MembershipRole[] Everyone = [MembershipRole.Owner, MembershipRole.Coordinator, MembershipRole.Member];
    private static readonly MembershipRole[] Managers = [MembershipRole.Owner, MembershipRole.Coordinator];
    private static readonly MembershipRole[] Owners = [MembershipRole.Owner];

    public static IReadOnlyList<MembershipRole> RolesFor(Permission permission) => permission switch
    {
        Permission.ReadPrivate => Everyone,
        Permission.ReadListings => Everyone,
        Permission.EditProfile => Managers,
        Permission.ManageListings => Managers,
        Permission.ReadMatches => Everyone,
        Permission.ManageMatches => Managers,
        Permission.ManageMembers => Owners,
        Permission.ManageApiKeys => Owners,
        Permission.ExportData => Owners,
        Permission.Dissolve => Owners,
        Permission.ManageWebhooks => Managers,
        Permission.SaveSearches => Everyone,
    };

    /// <summary>The API key scope that grants the permission, or null where no key may ever act.</summary>
    public static string? ScopeFor(Permission permission) => permission switch
    {
        Permission.ReadPrivate => ApiKeyScope.ListingsRead,
        Permission.ReadListings => ApiKeyScope.ListingsRead,
        Permission.ManageListings => ApiKeyScope.ListingsWrite,
        Permission.ReadMatches => ApiKeyScope.MatchesWrite,
        Permission.ManageMatches => ApiKeyScope.MatchesWrite,
        Permission.EditProfile => null,
        Permission.ManageMembers => null,
        Permission.ManageApiKeys => null,
        Permission.ExportData => null,
        Permission.Dissolve => null,
        Permission.ManageWebhooks => ApiKeyScope.WebhooksWrite,
        Permission.SaveSearches => null,
    };

    /// <summary>Platform roles that may read any association's non-public data (never act for it).</summary>
    public static bool CanOverseeAll(PlatformRole role) => role is PlatformRole.Moderator or PlatformRole.Admin;

    public static bool Allows(MembershipRole role, Permission permission) => RolesFor(permission).Contains(role);

    /// <summary>
    /// Whether the key scopes grant the permission. A key that may write listings may also read them: it must
    /// see the drafts it creates in order to edit and publish them.
    /// </summary>
    public static bool Allows(IReadOnlyCollection<string> scopes, Permission permission) =>
        (ScopeFor(permission) is { } scope && scopes.Contains(scope))
        || (permission == Permission.ReadListings && scopes.Contains(ApiKeyScope.ListingsWrite));
}
