using ResourceShare.Domain.Listings;

namespace ResourceShare.Domain.Matches;

/// <summary>An occurrence of a match as an accept sees it: its window, and whether the offer is free then.</summary>
public sealed record Occurrence(TimeWindow Window, bool Free);

public enum AcceptProblem
{
    None,
    /// <summary>An occurrence has begun or the offer is taken then (all of them, when conflicts are skipped).</summary>
    Unbookable,
    /// <summary>The requesting association would hold more future bookings of the offer than allowed.</summary>
    TooManyBookings,
}

/// <summary>What an accept books and skips, or why it books nothing; <see cref="Window"/> names the occurrence refused.</summary>
public sealed record AcceptPlan(IReadOnlyList<TimeWindow> Book, IReadOnlyList<TimeWindow> Skip, AcceptProblem Problem, TimeWindow? Window = null);

/// <summary>Which occurrences of a proposal an accept books.</summary>
public static class AcceptRules
{
    /// <summary>
    /// An occurrence is bookable when it has not begun at <paramref name="now"/> and the offer is free then.
    /// <see cref="ConflictHandling.Reject"/> refuses the whole accept at the first occurrence that is not;
    /// <see cref="ConflictHandling.Skip"/> books the bookable ones and skips the rest, and refuses only when none
    /// is left. The requesting association may then hold at most <paramref name="maxFutureBookings"/> future
    /// bookings of the offer, counting the <paramref name="futureBookings"/> it already holds.
    /// </summary>
    public static AcceptPlan Plan(
        IReadOnlyList<Occurrence> occurrences, ConflictHandling conflicts, DateTimeOffset now, long futureBookings, int maxFutureBookings)
    {
        var book = new List<TimeWindow>();
        var skip = new List<TimeWindow>();
        foreach (var occurrence in occurrences)
        {
            var bookable = occurrence.Free && occurrence.Window.Start > now;
            if (!bookable && conflicts == ConflictHandling.Reject)
            {
                return new AcceptPlan([], [], AcceptProblem.Unbookable, occurrence.Window);
            }

            (bookable ? book : skip).Add(occurrence.Window);
        }

        if (book.Count == 0)
        {
            return new AcceptPlan([], skip, AcceptProblem.Unbookable, skip.Count > 0 ? skip[0] : null);
        }

        return futureBookings + book.Count > maxFutureBookings
            ? new AcceptPlan([], skip, AcceptProblem.TooManyBookings)
            : new AcceptPlan(book, skip, AcceptProblem.None);
    }
}
