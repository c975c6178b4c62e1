using ResourceShare.Domain.Listings;

namespace ResourceShare.Domain.Tests.Listings;

public class KindRulesTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    [Fact]
    public void An_offer_says_how_far_it_travels_and_a_request_how_far_away_it_may_be_and_what_it_may_cost()
    {
        Assert.True(KindRules.TakesServiceRadius(ListingKind.Offer));
        Assert.False(KindRules.TakesServiceRadius(ListingKind.Request));
        Assert.True(KindRules.TakesMaxDistance(ListingKind.Request));
        Assert.False(KindRules.TakesMaxDistance(ListingKind.Offer));
        Assert.True(KindRules.TakesBudget(ListingKind.Request));
        Assert.False(KindRules.TakesBudget(ListingKind.Offer));
    }

    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(1, 0, true)]
    [InlineData(0, 1, true)]
    [InlineData(3, 2, true)]
    public void Every_listing_says_when(int windows, int weeklyRules, bool expected) =>
        Assert.Equal(expected, KindRules.HasTimes(windows, weeklyRules));

    [Theory]
    [InlineData(ListingKind.Offer, 3, 2, true)]
    [InlineData(ListingKind.Offer, 0, 4, true)]
    [InlineData(ListingKind.Request, 3, 0, true)]
    [InlineData(ListingKind.Request, 0, 1, true)]
    [InlineData(ListingKind.Request, 1, 1, false)]
    [InlineData(ListingKind.Request, 0, 2, false)]
    public void A_request_has_alternative_windows_or_one_weekly_rule_never_both(ListingKind kind, int windows, int weeklyRules, bool expected) =>
        Assert.Equal(expected, KindRules.ScheduleFits(kind, windows, weeklyRules));

    [Fact]
    public void A_weekly_rule_lasts_and_reaches_at_most_the_horizon()
    {
        var horizon = Today.AddDays(Schedules.MaxHorizonDays);
        Assert.True(KindRules.WeeklyRuleWithinHorizon(Today, null, Today));
        Assert.True(KindRules.WeeklyRuleWithinHorizon(null, horizon, Today));
        Assert.True(KindRules.WeeklyRuleWithinHorizon(Today, horizon, Today));
        Assert.False(KindRules.WeeklyRuleWithinHorizon(null, horizon.AddDays(1), Today));
        Assert.False(KindRules.WeeklyRuleWithinHorizon(Today.AddDays(-10), horizon, Today));
        Assert.True(KindRules.WeeklyRuleWithinHorizon(Today.AddDays(-10), horizon.AddDays(-10), Today));
    }

    [Theory]
    [InlineData(TermsKind.Free, false, false)]
    [InlineData(TermsKind.CostSharing, true, false)]
    [InlineData(TermsKind.Exchange, false, true)]
    public void Cost_sharing_has_an_amount_and_an_exchange_says_what_in_return(TermsKind kind, bool amount, bool exchangeFor)
    {
        Assert.Equal(amount, TermsRules.HasAmount(kind));
        Assert.Equal(exchangeFor, TermsRules.NeedsExchangeFor(kind));
    }
}
