using ResourceShare.Domain.Associations;

namespace ResourceShare.Domain.Tests.Associations;

public class OwnerRuleTests
{
    [Theory]
    [InlineData(MembershipRole.Owner, MembershipRole.Coordinator, 1, false)]
    [InlineData(MembershipRole.Owner, MembershipRole.Member, 1, false)]
    [InlineData(MembershipRole.Owner, null, 1, false)]
    [InlineData(MembershipRole.Owner, MembershipRole.Owner, 1, true)]
    [InlineData(MembershipRole.Owner, MembershipRole.Coordinator, 2, true)]
    [InlineData(MembershipRole.Owner, MembershipRole.Member, 2, true)]
    [InlineData(MembershipRole.Owner, null, 2, true)]
    [InlineData(MembershipRole.Coordinator, null, 1, true)]
    [InlineData(MembershipRole.Coordinator, MembershipRole.Member, 1, true)]
    [InlineData(MembershipRole.Coordinator, MembershipRole.Owner, 1, true)]
    [InlineData(MembershipRole.Member, null, 1, true)]
    [InlineData(MembershipRole.Member, MembershipRole.Coordinator, 1, true)]
    public void Change_is_allowed_unless_it_takes_away_the_last_owner(MembershipRole current, MembershipRole? next, int owners, bool allowed) =>
        Assert.Equal(allowed, OwnerRule.Allows(current, next, owners));
}
