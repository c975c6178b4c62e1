using ResourceShare.Domain.Listings;

namespace ResourceShare.Domain.Matches;

/// <summary>
/// The moves on a match. The recipient is the side that did not propose; the system completes matches whose
/// windows have ended.
/// </summary>
public enum MatchAction
{
    Accept,
    Decline,
    Withdraw,
    Cancel,
    Complete,
}

public enum MatchActor
{
    Proposer,
    Recipient,
    System,
}

public enum MatchDecision
{
    Allowed,
    /// <summary>The caller acts for a side of the match that may not make this move (403).</summary>
    WrongSide,
    /// <summary>The match's status does not allow the move (409 naming the status).</summary>
    WrongStatus,
}

/// <summary>
/// The match state diagram of the spec, the single place it lives: proposed → accepted (by the other side) |
/// declined (by the other side) | withdrawn (by the proposer); accepted → cancelled (either side, before the
/// start) | completed (by the system, after the end).
/// </summary>
public static class MatchTransitions
{
    private static readonly (MatchAction Action, MatchStatus From, MatchStatus To, MatchActor[] By)[] Moves =
    [
        (MatchAction.Accept, MatchStatus.Proposed, MatchStatus.Accepted, [MatchActor.Recipient]),
        (MatchAction.Decline, MatchStatus.Proposed, MatchStatus.Declined, [MatchActor.Recipient]),
        (MatchAction.Withdraw, MatchStatus.Proposed, MatchStatus.Withdrawn, [MatchActor.Proposer]),
        (MatchAction.Cancel, MatchStatus.Accepted, MatchStatus.Cancelled, [MatchActor.Proposer, MatchActor.Recipient]),
        (MatchAction.Complete, MatchStatus.Accepted, MatchStatus.Completed, [MatchActor.System]),
    ];

    public static MatchStatus From(MatchAction action) => Move(action).From;

    public static MatchStatus Target(MatchAction action) => Move(action).To;

    /// <summary>
    /// Whether a caller acting for <paramref name="actors"/> (a user may belong to both sides) may make the move
    /// from <paramref name="current"/>. The side is judged first: the wrong side learns nothing about the status.
    /// </summary>
    public static MatchDecision Decide(MatchAction action, MatchStatus current, IReadOnlyCollection<MatchActor> actors)
    {
        if (!actors.Any(a => Allows(action, a)))
        {
            return MatchDecision.WrongSide;
        }

        return current == From(action) ? MatchDecision.Allowed : MatchDecision.WrongStatus;
    }

    public static bool Allows(MatchAction action, MatchActor actor) => Move(action).By.Contains(actor);

    /// <summary>Statuses in which the partners see each other's street address and contact email: a booking is confirmed.</summary>
    public static bool RevealsContacts(MatchStatus status) => status is MatchStatus.Accepted or MatchStatus.Completed;

    private static (MatchAction Action, MatchStatus From, MatchStatus To, MatchActor[] By) Move(MatchAction action) =>
        Moves.Single(m => m.Action == action);
}

/// <summary>How an accept treats occurrences of a recurring match that cannot be booked.</summary>
public enum ConflictHandling
{
    /// <summary>All or nothing: one unbookable occurrence refuses the whole accept (409).</summary>
    Reject,
    /// <summary>Book what can be booked and report the skipped occurrences.</summary>
    Skip,
}

/// <summary>Limits and rules of proposals and bookings.</summary>
public static class MatchRules
{
    public const int MaxMessageLength = 2000;
    public const int MaxReasonLength = 500;
    public const int MaxWindows = 200;
    public const int MaxQuantity = 100_000;

    /// <summary>
    /// Unit resources are booked whole, one booking at a time; equipment is a quantity resource whose units
    /// several bookings share.
    /// </summary>
    public static bool IsExclusive(ListingCategory category) => category != ListingCategory.Equipment;

    /// <summary>
    /// The windows a proposal is about. Windows asked for must each lie inside one of the request's windows
    /// and inside one of the offer's availability windows, and must not have started. Without windows asked
    /// for: every servable occurrence of a recurring request, or the first servable one of alternatives.
    /// </summary>
    public static WindowChoice ChooseWindows(
        IReadOnlyList<TimeWindow>? asked, IReadOnlyList<TimeWindow> requestWindows, IReadOnlyList<TimeWindow> offerWindows,
        bool recurring, DateTimeOffset now)
    {
        bool Servable(TimeWindow w) => offerWindows.Any(o => o.Contains(w));

        if (asked is { Count: > 0 })
        {
            var ordered = asked.OrderBy(w => w.Start).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var w = ordered[i];
                if (w.Start >= w.End)
                {
                    return new WindowChoice([], WindowProblem.EndsBeforeStart, w);
                }

                if (w.Start <= now)
                {
                    return new WindowChoice([], WindowProblem.InThePast, w);
                }

                if (i > 0 && ordered[i - 1].Overlaps(w))
                {
                    return new WindowChoice([], WindowProblem.Overlapping, w);
                }

                if (!requestWindows.Any(r => r.Contains(w)))
                {
                    return new WindowChoice([], WindowProblem.OutsideRequest, w);
                }

                if (!Servable(w))
                {
                    return new WindowChoice([], WindowProblem.OutsideOffer, w);
                }
            }

            return new WindowChoice(ordered, WindowProblem.None, null);
        }

        var servable = requestWindows.Where(w => w.Start > now && Servable(w)).OrderBy(w => w.Start).ToList();
        if (servable.Count == 0)
        {
            return new WindowChoice([], WindowProblem.NoneServable, null);
        }

        return new WindowChoice(recurring ? servable : [servable[0]], WindowProblem.None, null);
    }
}

public enum WindowProblem
{
    None,
    EndsBeforeStart,
    InThePast,
    Overlapping,
    OutsideRequest,
    OutsideOffer,
    NoneServable,
}

/// <summary>The chosen windows, or the problem and the window it is about.</summary>
public sealed record WindowChoice(IReadOnlyList<TimeWindow> Windows, WindowProblem Problem, TimeWindow? Offending);
