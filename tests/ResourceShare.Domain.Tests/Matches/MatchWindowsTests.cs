using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matches;

namespace ResourceShare.Domain.Tests.Matches;

public class MatchWindowsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static TimeWindow At(int day, int fromHour, int toHour) =>
        new(Now.Date.AddDays(day).AddHours(fromHour), Now.Date.AddDays(day).AddHours(toHour));

    // A weekly need on days 1, 8, 15 and 22, 18–20; the offer is available on days 1, 15 and 22 from 17 to 22.
    private static readonly TimeWindow[] Series = [At(1, 18, 20), At(8, 18, 20), At(15, 18, 20), At(22, 18, 20)];
    private static readonly TimeWindow[] Availability = [At(1, 17, 22), At(15, 17, 22), At(22, 17, 22)];

    [Fact]
    public void Recurring_request_without_windows_takes_every_servable_occurrence()
    {
        var choice = MatchRules.ChooseWindows(null, Series, Availability, recurring: true, Now);

        Assert.Equal(WindowProblem.None, choice.Problem);
        Assert.Equal([Series[0], Series[2], Series[3]], choice.Windows);
    }

    [Fact]
    public void Alternatives_without_windows_take_the_first_servable_one()
    {
        var choice = MatchRules.ChooseWindows(null, [Series[1], Series[3], Series[2]], Availability, recurring: false, Now);

        Assert.Equal([Series[2]], choice.Windows);
    }

    [Fact]
    public void Occurrences_that_have_begun_are_not_chosen()
    {
        var choice = MatchRules.ChooseWindows(null, Series, Availability, recurring: true, Series[0].Start);

        Assert.Equal([Series[2], Series[3]], choice.Windows);
    }

    [Fact]
    public void Nothing_servable_is_a_problem()
    {
        var choice = MatchRules.ChooseWindows(null, [Series[1]], Availability, recurring: false, Now);

        Assert.Equal(WindowProblem.NoneServable, choice.Problem);
        Assert.Empty(choice.Windows);
    }

    [Fact]
    public void A_window_asked_for_inside_both_is_taken_as_it_is()
    {
        var asked = At(1, 18, 19);

        var choice = MatchRules.ChooseWindows([asked], Series, Availability, recurring: true, Now);

        Assert.Equal([asked], choice.Windows);
    }

    [Fact]
    public void A_window_touching_the_end_of_availability_lies_inside_it()
    {
        var asked = At(1, 20, 22);

        var choice = MatchRules.ChooseWindows([asked], [At(1, 18, 22)], Availability, recurring: false, Now);

        Assert.Equal(WindowProblem.None, choice.Problem);
    }

    [Theory]
    [InlineData(1, 17, 19, WindowProblem.OutsideRequest)]
    [InlineData(8, 18, 20, WindowProblem.OutsideOffer)]
    [InlineData(1, 19, 18, WindowProblem.EndsBeforeStart)]
    public void A_window_asked_for_must_fit_request_and_offer(int day, int from, int to, WindowProblem expected)
    {
        var asked = At(day, from, to);

        var choice = MatchRules.ChooseWindows([asked], Series, Availability, recurring: true, Now);

        Assert.Equal(expected, choice.Problem);
        Assert.Equal(asked, choice.Offending);
    }

    [Fact]
    public void Windows_asked_for_may_not_have_begun_or_overlap()
    {
        Assert.Equal(WindowProblem.InThePast,
            MatchRules.ChooseWindows([At(1, 18, 20)], Series, Availability, recurring: true, At(1, 18, 20).Start).Problem);
        Assert.Equal(WindowProblem.Overlapping,
            MatchRules.ChooseWindows([At(1, 18, 20), At(1, 19, 20)], Series, Availability, recurring: true, Now).Problem);
    }

    [Theory]
    [InlineData(ListingCategory.Room, true)]
    [InlineData(ListingCategory.Interpreting, true)]
    [InlineData(ListingCategory.Vehicle, true)]
    [InlineData(ListingCategory.Expertise, true)]
    [InlineData(ListingCategory.Other, true)]
    [InlineData(ListingCategory.Equipment, false)]
    public void Only_equipment_is_shared_in_units(ListingCategory category, bool exclusive) =>
        Assert.Equal(exclusive, MatchRules.IsExclusive(category));
}
