using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matches;

namespace ResourceShare.Domain.Tests.Matches;

public class AcceptRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static TimeWindow Day(int days) => new(Now.AddDays(days), Now.AddDays(days).AddHours(2));

    [Fact]
    public void Free_occurrences_ahead_are_all_booked()
    {
        var plan = AcceptRules.Plan([new(Day(1), true), new(Day(8), true)], ConflictHandling.Reject, Now, 0, 10);

        Assert.Equal(AcceptProblem.None, plan.Problem);
        Assert.Equal([Day(1), Day(8)], plan.Book);
        Assert.Empty(plan.Skip);
    }

    [Fact]
    public void Rejecting_conflicts_refuses_the_whole_accept_at_the_first_taken_occurrence()
    {
        var plan = AcceptRules.Plan([new(Day(1), true), new(Day(8), false), new(Day(15), false)], ConflictHandling.Reject, Now, 0, 10);

        Assert.Equal(AcceptProblem.Unbookable, plan.Problem);
        Assert.Equal(Day(8), plan.Window);
        Assert.Empty(plan.Book);
    }

    [Fact]
    public void Skipping_conflicts_books_the_free_occurrences_and_reports_the_others()
    {
        var plan = AcceptRules.Plan([new(Day(1), false), new(Day(8), true), new(Day(15), true)], ConflictHandling.Skip, Now, 0, 10);

        Assert.Equal(AcceptProblem.None, plan.Problem);
        Assert.Equal([Day(8), Day(15)], plan.Book);
        Assert.Equal([Day(1)], plan.Skip);
    }

    [Fact]
    public void An_occurrence_that_has_begun_is_not_bookable_even_when_free()
    {
        var begun = new TimeWindow(Now.AddHours(-1), Now.AddHours(1));

        Assert.Equal(begun, AcceptRules.Plan([new(begun, true)], ConflictHandling.Reject, Now, 0, 10).Window);
        var skipped = AcceptRules.Plan([new(begun, true), new(Day(1), true)], ConflictHandling.Skip, Now, 0, 10);
        Assert.Equal([begun], skipped.Skip);
        Assert.Equal([Day(1)], skipped.Book);
    }

    [Fact]
    public void Nothing_left_to_book_is_refused_naming_the_first_occurrence()
    {
        var plan = AcceptRules.Plan([new(Day(1), false), new(Day(8), false)], ConflictHandling.Skip, Now, 0, 10);

        Assert.Equal(AcceptProblem.Unbookable, plan.Problem);
        Assert.Equal(Day(1), plan.Window);
        Assert.Empty(plan.Book);
    }

    [Theory]
    [InlineData(8, 2, AcceptProblem.None)]
    [InlineData(9, 2, AcceptProblem.TooManyBookings)]
    [InlineData(10, 1, AcceptProblem.TooManyBookings)]
    [InlineData(0, 2, AcceptProblem.None)]
    public void The_future_bookings_of_the_offer_after_the_accept_stay_within_the_limit(long held, int occurrences, AcceptProblem expected)
    {
        var windows = Enumerable.Range(1, occurrences).Select(d => new Occurrence(Day(d), true)).ToList();

        Assert.Equal(expected, AcceptRules.Plan(windows, ConflictHandling.Reject, Now, held, 10).Problem);
    }
}
