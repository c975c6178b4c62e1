using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Listings;

namespace ResourceShare.Domain.Tests.Listings;

public class ListingTransitionsTests
{
    // The spec's diagram written out on its own, so that a change to the product's table has to be made twice:
    // draft → pending_review → published ⇄ paused → closed; expired by the system; rejected, removed and
    // restored by moderators.
    private static readonly HashSet<(ListingStatus From, ListingStatus To, ListingActor By)> Diagram =
    [
        (ListingStatus.Draft, ListingStatus.PendingReview, ListingActor.Association),
        (ListingStatus.Draft, ListingStatus.Published, ListingActor.Association),
        (ListingStatus.PendingReview, ListingStatus.Published, ListingActor.Moderator),
        (ListingStatus.PendingReview, ListingStatus.Rejected, ListingActor.Moderator),
        (ListingStatus.Published, ListingStatus.Paused, ListingActor.Association),
        (ListingStatus.Paused, ListingStatus.Published, ListingActor.Association),
        (ListingStatus.Published, ListingStatus.Closed, ListingActor.Association),
        (ListingStatus.Paused, ListingStatus.Closed, ListingActor.Association),
        (ListingStatus.PendingReview, ListingStatus.Expired, ListingActor.System),
        (ListingStatus.Published, ListingStatus.Expired, ListingActor.System),
        (ListingStatus.Paused, ListingStatus.Expired, ListingActor.System),
        (ListingStatus.Published, ListingStatus.Removed, ListingActor.Moderator),
        (ListingStatus.Paused, ListingStatus.Removed, ListingActor.Moderator),
        (ListingStatus.Removed, ListingStatus.Published, ListingActor.Moderator),
    ];

    private static IEnumerable<(ListingStatus From, ListingStatus To, ListingActor By)> EveryMove =>
        from s in Enum.GetValues<ListingStatus>()
        from t in Enum.GetValues<ListingStatus>()
        from a in Enum.GetValues<ListingActor>()
        select (s, t, a);

    public static TheoryData<ListingStatus, ListingStatus, ListingActor> AllowedMoves => ToTheory(EveryMove.Where(Diagram.Contains));

    public static TheoryData<ListingStatus, ListingStatus, ListingActor> ForbiddenMoves => ToTheory(EveryMove.Where(m => !Diagram.Contains(m)));

    private static TheoryData<ListingStatus, ListingStatus, ListingActor> ToTheory(IEnumerable<(ListingStatus From, ListingStatus To, ListingActor By)> moves)
    {
        var data = new TheoryData<ListingStatus, ListingStatus, ListingActor>();
        foreach (var (from, to, by) in moves)
        {
            data.Add(from, to, by);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedMoves))]
    public void IsAllowed_for_a_move_of_the_diagram_is_true(ListingStatus from, ListingStatus to, ListingActor by) =>
        Assert.True(ListingTransitions.IsAllowed(from, to, by));

    [Theory]
    [MemberData(nameof(ForbiddenMoves))]
    public void IsAllowed_for_any_other_move_is_false(ListingStatus from, ListingStatus to, ListingActor by) =>
        Assert.False(ListingTransitions.IsAllowed(from, to, by));

    [Theory]
    [MemberData(nameof(EveryTarget))]
    public void AllowedFrom_lists_exactly_the_diagram_sources_of_a_target(ListingStatus to, ListingActor by)
    {
        var expected = Diagram.Where(m => m.To == to && m.By == by).Select(m => m.From).Order();

        Assert.Equal(expected, ListingTransitions.AllowedFrom(to, by).Order());
    }

    public static TheoryData<ListingStatus, ListingActor> EveryTarget
    {
        get
        {
            var data = new TheoryData<ListingStatus, ListingActor>();
            foreach (var to in Enum.GetValues<ListingStatus>())
            {
                foreach (var by in Enum.GetValues<ListingActor>())
                {
                    data.Add(to, by);
                }
            }

            return data;
        }
    }

    [Fact]
    public void Association_can_never_reach_the_moderator_or_system_statuses()
    {
        ListingStatus[] notOurs = [ListingStatus.Expired, ListingStatus.Rejected, ListingStatus.Removed];

        Assert.All(notOurs, to => Assert.Empty(ListingTransitions.AllowedFrom(to, ListingActor.Association)));
    }

    [Theory]
    [InlineData(true, ListingStatus.Published)]
    [InlineData(false, ListingStatus.PendingReview)]
    public void PublishTarget_depends_on_verification(bool verified, ListingStatus expected) =>
        Assert.Equal(expected, ListingTransitions.PublishTarget(verified));

    [Theory]
    [InlineData(ListingStatus.Draft, true)]
    [InlineData(ListingStatus.PendingReview, false)]
    [InlineData(ListingStatus.Published, false)]
    [InlineData(ListingStatus.Paused, false)]
    [InlineData(ListingStatus.Closed, false)]
    [InlineData(ListingStatus.Expired, false)]
    [InlineData(ListingStatus.Rejected, false)]
    [InlineData(ListingStatus.Removed, false)]
    public void IsDeletable_only_for_drafts(ListingStatus status, bool expected) =>
        Assert.Equal(expected, ListingTransitions.IsDeletable(status));

    [Fact]
    public void Publishing_starts_from_a_draft_and_resuming_from_paused()
    {
        Assert.Equal([ListingStatus.Draft], ListingTransitions.AssociationMoveFrom(ListingStatus.Published));
        Assert.Equal([ListingStatus.Draft], ListingTransitions.AssociationMoveFrom(ListingStatus.PendingReview));
        Assert.Equal([ListingStatus.Paused], ListingTransitions.AssociationMoveFrom(ListingStatus.Published, resume: true));
        Assert.Equal([ListingStatus.Published, ListingStatus.Paused], ListingTransitions.AssociationMoveFrom(ListingStatus.Closed).Order());
    }

    [Theory]
    [InlineData(VerificationStatus.Unverified, true)]
    [InlineData(VerificationStatus.Verified, true)]
    [InlineData(VerificationStatus.Suspended, false)]
    public void Only_a_suspended_association_cannot_put_a_listing_live(VerificationStatus association, bool mayGoLive)
    {
        Assert.Equal(mayGoLive, ListingTransitions.MayGoLive(association));
    }

    [Fact]
    public void Content_changes_while_the_listing_is_in_use_and_not_after()
    {
        Assert.Equal(
            [ListingStatus.Draft, ListingStatus.PendingReview, ListingStatus.Published, ListingStatus.Paused],
            Enum.GetValues<ListingStatus>().Where(ListingTransitions.Editable.Contains));
    }
}
