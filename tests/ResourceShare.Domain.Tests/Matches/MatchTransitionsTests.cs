using ResourceShare.Domain.Matches;

namespace ResourceShare.Domain.Tests.Matches;

public class MatchTransitionsTests
{
    // The spec's diagram written out on its own: proposed → accepted | declined (by the other side) | withdrawn
    // (by the proposer); accepted → cancelled (either side) | completed (the system).
    private static readonly HashSet<(MatchAction Action, MatchStatus From, MatchActor By)> Diagram =
    [
        (MatchAction.Accept, MatchStatus.Proposed, MatchActor.Recipient),
        (MatchAction.Decline, MatchStatus.Proposed, MatchActor.Recipient),
        (MatchAction.Withdraw, MatchStatus.Proposed, MatchActor.Proposer),
        (MatchAction.Cancel, MatchStatus.Accepted, MatchActor.Proposer),
        (MatchAction.Cancel, MatchStatus.Accepted, MatchActor.Recipient),
        (MatchAction.Complete, MatchStatus.Accepted, MatchActor.System),
    ];

    public static TheoryData<MatchAction, MatchStatus, MatchActor> EveryMove()
    {
        var data = new TheoryData<MatchAction, MatchStatus, MatchActor>();
        foreach (var action in Enum.GetValues<MatchAction>())
        {
            foreach (var status in Enum.GetValues<MatchStatus>())
            {
                foreach (var actor in Enum.GetValues<MatchActor>())
                {
                    data.Add(action, status, actor);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryMove))]
    public void Every_move_is_allowed_exactly_when_the_diagram_has_it(MatchAction action, MatchStatus from, MatchActor by)
    {
        var decision = MatchTransitions.Decide(action, from, [by]);

        Assert.Equal(Diagram.Contains((action, from, by)), decision == MatchDecision.Allowed);
    }

    [Theory]
    [InlineData(MatchAction.Accept, MatchActor.Proposer)]
    [InlineData(MatchAction.Decline, MatchActor.Proposer)]
    [InlineData(MatchAction.Withdraw, MatchActor.Recipient)]
    [InlineData(MatchAction.Complete, MatchActor.Recipient)]
    public void The_wrong_side_is_told_so_whatever_the_status(MatchAction action, MatchActor by)
    {
        foreach (var status in Enum.GetValues<MatchStatus>())
        {
            Assert.Equal(MatchDecision.WrongSide, MatchTransitions.Decide(action, status, [by]));
        }
    }

    [Fact]
    public void The_right_side_in_the_wrong_status_gets_wrong_status()
    {
        Assert.Equal(MatchDecision.WrongStatus, MatchTransitions.Decide(MatchAction.Accept, MatchStatus.Declined, [MatchActor.Recipient]));
        Assert.Equal(MatchDecision.WrongStatus, MatchTransitions.Decide(MatchAction.Cancel, MatchStatus.Proposed, [MatchActor.Proposer]));
    }

    [Fact]
    public void A_caller_on_both_sides_may_make_either_sides_moves()
    {
        MatchActor[] both = [MatchActor.Proposer, MatchActor.Recipient];

        Assert.Equal(MatchDecision.Allowed, MatchTransitions.Decide(MatchAction.Accept, MatchStatus.Proposed, both));
        Assert.Equal(MatchDecision.Allowed, MatchTransitions.Decide(MatchAction.Withdraw, MatchStatus.Proposed, both));
    }

    [Fact]
    public void Nobody_acting_for_no_side_may_do_anything()
    {
        Assert.All(Enum.GetValues<MatchAction>(), a => Assert.Equal(MatchDecision.WrongSide, MatchTransitions.Decide(a, MatchStatus.Proposed, [])));
    }

    [Theory]
    [InlineData(MatchStatus.Proposed, false)]
    [InlineData(MatchStatus.Accepted, true)]
    [InlineData(MatchStatus.Declined, false)]
    [InlineData(MatchStatus.Withdrawn, false)]
    [InlineData(MatchStatus.Cancelled, false)]
    [InlineData(MatchStatus.Completed, true)]
    public void Contacts_are_revealed_only_while_a_booking_is_confirmed(MatchStatus status, bool revealed) =>
        Assert.Equal(revealed, MatchTransitions.RevealsContacts(status));
}
