using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Moderation;

namespace ResourceShare.Domain.Tests.Moderation;

public class ModerationRulesTests
{
    [Fact]
    public void Every_listing_decision_follows_a_moderator_edge_of_the_state_diagram()
    {
        foreach (var decision in Enum.GetValues<ListingDecision>())
        {
            var from = ModerationRules.AllowedFrom(decision);
            Assert.NotEmpty(from);
            Assert.All(from, status => Assert.True(ListingTransitions.IsAllowed(status, ModerationRules.Target(decision), ListingActor.Moderator),
                $"{decision} from {status}"));
        }
    }

    [Theory]
    [InlineData(ListingDecision.Approve, new[] { ListingStatus.PendingReview }, ListingStatus.Published)]
    [InlineData(ListingDecision.Reject, new[] { ListingStatus.PendingReview }, ListingStatus.Rejected)]
    [InlineData(ListingDecision.Remove, new[] { ListingStatus.Published, ListingStatus.Paused }, ListingStatus.Removed)]
    [InlineData(ListingDecision.Restore, new[] { ListingStatus.Removed }, ListingStatus.Published)]
    public void Listing_decisions_start_and_end_where_the_spec_says(ListingDecision decision, ListingStatus[] from, ListingStatus to)
    {
        Assert.Equal(from.Order(), ModerationRules.AllowedFrom(decision).Order());
        Assert.Equal(to, ModerationRules.Target(decision));
    }

    [Theory]
    [InlineData(AssociationDecision.Verify, VerificationStatus.Unverified, false, VerificationStatus.Verified)]
    [InlineData(AssociationDecision.Verify, VerificationStatus.Verified, true, null)]
    [InlineData(AssociationDecision.Verify, VerificationStatus.Suspended, true, null)]
    [InlineData(AssociationDecision.Suspend, VerificationStatus.Unverified, false, VerificationStatus.Suspended)]
    [InlineData(AssociationDecision.Suspend, VerificationStatus.Verified, true, VerificationStatus.Suspended)]
    [InlineData(AssociationDecision.Suspend, VerificationStatus.Suspended, true, null)]
    [InlineData(AssociationDecision.Reinstate, VerificationStatus.Suspended, true, VerificationStatus.Verified)]
    [InlineData(AssociationDecision.Reinstate, VerificationStatus.Suspended, false, VerificationStatus.Unverified)]
    [InlineData(AssociationDecision.Reinstate, VerificationStatus.Verified, true, null)]
    [InlineData(AssociationDecision.Reinstate, VerificationStatus.Unverified, false, null)]
    public void Association_decisions(AssociationDecision decision, VerificationStatus current, bool verifiedBefore, VerificationStatus? expected) =>
        Assert.Equal(expected, ModerationRules.Target(decision, current, verifiedBefore));

    [Theory]
    [InlineData("Amtsgericht Kassel", "VR 123", "Amtsgericht Kassel", "VR 123", true)]
    [InlineData("Amtsgericht Kassel", "VR 123", " amtsgericht   KASSEL ", "vr 123", true)]
    [InlineData("Amtsgericht Kassel", "VR 123", "Amtsgericht Kassel", "VR 1234", false)]
    [InlineData("Amtsgericht Kassel", "VR 123", "Amtsgericht Fulda", "VR 123", false)]
    [InlineData("Amtsgericht Kassel", "VR 123", "Amtsgericht Kassel", "VR123", false)]
    [InlineData(null, null, "Amtsgericht Kassel", "VR 123", false)]
    public void The_checked_register_entry_must_be_the_given_one(string? court, string? number, string checkedCourt, string checkedNumber, bool matches) =>
        Assert.Equal(matches, ModerationRules.RegisterEntryMatches(court, number, checkedCourt, checkedNumber));
}
