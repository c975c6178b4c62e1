using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;

namespace ResourceShare.Domain.Tests.Accounts;

public class AccessPolicyTests
{
    [Theory]
    [InlineData(Permission.ReadPrivate, MembershipRole.Owner, true)]
    [InlineData(Permission.ReadPrivate, MembershipRole.Coordinator, true)]
    [InlineData(Permission.ReadPrivate, MembershipRole.Member, true)]
    [InlineData(Permission.ReadListings, MembershipRole.Owner, true)]
    [InlineData(Permission.ReadListings, MembershipRole.Coordinator, true)]
    [InlineData(Permission.ReadListings, MembershipRole.Member, true)]
    [InlineData(Permission.EditProfile, MembershipRole.Owner, true)]
    [InlineData(Permission.EditProfile, MembershipRole.Coordinator, true)]
    [InlineData(Permission.EditProfile, MembershipRole.Member, false)]
    [InlineData(Permission.ManageListings, MembershipRole.Owner, true)]
    [InlineData(Permission.ManageListings, MembershipRole.Coordinator, true)]
    [InlineData(Permission.ManageListings, MembershipRole.Member, false)]
    [InlineData(Permission.ReadMatches, MembershipRole.Owner, true)]
    [InlineData(Permission.ReadMatches, MembershipRole.Coordinator, true)]
    [InlineData(Permission.ReadMatches, MembershipRole.Member, true)]
    [InlineData(Permission.ManageMatches, MembershipRole.Owner, true)]
    [InlineData(Permission.ManageMatches, MembershipRole.Coordinator, true)]
    [InlineData(Permission.ManageMatches, MembershipRole.Member, false)]
    [InlineData(Permission.ManageMembers, MembershipRole.Owner, true)]
    [InlineData(Permission.ManageMembers, MembershipRole.Coordinator, false)]
    [InlineData(Permission.ManageMembers, MembershipRole.Member, false)]
    [InlineData(Permission.ManageApiKeys, MembershipRole.Owner, true)]
    [InlineData(Permission.ManageApiKeys, MembershipRole.Coordinator, false)]
    [InlineData(Permission.ManageApiKeys, MembershipRole.Member, false)]
    [InlineData(Permission.ExportData, MembershipRole.Owner, true)]
    [InlineData(Permission.ExportData, MembershipRole.Coordinator, false)]
    [InlineData(Permission.ExportData, MembershipRole.Member, false)]
    [InlineData(Permission.Dissolve, MembershipRole.Owner, true)]
    [InlineData(Permission.Dissolve, MembershipRole.Coordinator, false)]
    [InlineData(Permission.Dissolve, MembershipRole.Member, false)]
    [InlineData(Permission.ManageWebhooks, MembershipRole.Owner, true)]
    [InlineData(Permission.ManageWebhooks, MembershipRole.Coordinator, true)]
    [InlineData(Permission.ManageWebhooks, MembershipRole.Member, false)]
    [InlineData(Permission.SaveSearches, MembershipRole.Owner, true)]
    [InlineData(Permission.SaveSearches, MembershipRole.Coordinator, true)]
    [InlineData(Permission.SaveSearches, MembershipRole.Member, true)]
    public void Role_gets_exactly_the_permissions_of_the_policy_table(Permission permission, MembershipRole role, bool allowed)
    {
        Assert.Equal(allowed, AccessPolicy.Allows(role, permission));
        Assert.Equal(allowed, AccessPolicy.RolesFor(permission).Contains(role));
    }

    [Fact]
    public void Policy_table_covers_every_permission_and_role()
    {
        var cases = typeof(AccessPolicyTests).GetMethod(nameof(Role_gets_exactly_the_permissions_of_the_policy_table))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => a.GetData(null!).Single())
            .Select(row => ((Permission)row[0], (MembershipRole)row[1]))
            .ToHashSet();

        var all = Enum.GetValues<Permission>().SelectMany(p => Enum.GetValues<MembershipRole>().Select(r => (p, r)));

        Assert.All(all, pair => Assert.Contains(pair, cases));
    }

    [Theory]
    [InlineData(Permission.ReadPrivate, ApiKeyScope.ListingsRead)]
    [InlineData(Permission.ManageListings, ApiKeyScope.ListingsWrite)]
    [InlineData(Permission.ReadMatches, ApiKeyScope.MatchesWrite)]
    [InlineData(Permission.ManageMatches, ApiKeyScope.MatchesWrite)]
    [InlineData(Permission.EditProfile, null)]
    [InlineData(Permission.ManageMembers, null)]
    [InlineData(Permission.ManageApiKeys, null)]
    [InlineData(Permission.ExportData, null)]
    [InlineData(Permission.Dissolve, null)]
    [InlineData(Permission.ManageWebhooks, ApiKeyScope.WebhooksWrite)]
    [InlineData(Permission.SaveSearches, null)]
    public void Api_key_needs_the_one_scope_of_a_permission_and_never_manages_the_association(Permission permission, string? scope)
    {
        Assert.Equal(scope, AccessPolicy.ScopeFor(permission));
        Assert.Equal(scope is not null, AccessPolicy.Allows(ApiKeyScope.All.ToArray(), permission));
        Assert.False(AccessPolicy.Allows(ApiKeyScope.All.Where(s => s != scope).ToArray(), permission));
    }

    [Theory]
    [InlineData(ApiKeyScope.ListingsRead, true)]
    [InlineData(ApiKeyScope.ListingsWrite, true)]
    [InlineData(ApiKeyScope.MatchesWrite, false)]
    public void Reading_listings_comes_with_reading_or_writing_them(string scope, bool allowed) =>
        Assert.Equal(allowed, AccessPolicy.Allows([scope], Permission.ReadListings));

    [Fact]
    public void Api_key_without_scopes_may_do_nothing() =>
        Assert.All(Enum.GetValues<Permission>(), p => Assert.False(AccessPolicy.Allows(Array.Empty<string>(), p)));

    [Theory]
    [InlineData(PlatformRole.Member, false)]
    [InlineData(PlatformRole.Moderator, true)]
    [InlineData(PlatformRole.Admin, true)]
    public void Moderators_and_admins_oversee_every_association(PlatformRole role, bool oversees)
    {
        Assert.Equal(oversees, AccessPolicy.CanOverseeAll(role));
        Assert.Equal(oversees, Caller.User(Guid.NewGuid(), role).IsModerator);
    }

    [Fact]
    public void Api_key_caller_is_never_a_moderator_and_allows_only_its_scopes()
    {
        var key = Caller.ApiKey(Guid.NewGuid(), Guid.NewGuid(), [ApiKeyScope.ListingsRead]);

        Assert.False(key.IsModerator);
        Assert.True(key.KeyAllows(Permission.ReadListings));
        Assert.False(key.KeyAllows(Permission.ManageListings));
        Assert.False(Caller.User(Guid.NewGuid(), PlatformRole.Admin).KeyAllows(Permission.ReadListings));
    }
}
