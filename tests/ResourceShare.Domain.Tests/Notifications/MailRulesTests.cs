using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Notifications;

namespace ResourceShare.Domain.Tests.Notifications;

public sealed class MailRulesTests
{
    [Theory]
    [InlineData(NotificationKind.ProposalReceived, MailDelivery.Immediately)]
    [InlineData(NotificationKind.MatchCancelled, MailDelivery.Immediately)]
    [InlineData(NotificationKind.AssociationSuspended, MailDelivery.Immediately)]
    [InlineData(NotificationKind.RequestMatchesOffer, MailDelivery.DailyDigest)]
    [InlineData(NotificationKind.OfferMatchesRequest, MailDelivery.DailyDigest)]
    [InlineData(NotificationKind.FeedbackReceived, MailDelivery.DailyDigest)]
    public void Default_delivery_sends_what_needs_an_answer_at_once_and_collects_the_rest(NotificationKind kind, MailDelivery expected) =>
        Assert.Equal(expected, MailDefaults.For(kind));

    [Fact]
    public void No_kind_is_off_by_default() =>
        Assert.DoesNotContain(Enum.GetValues<NotificationKind>(), kind => MailDefaults.For(kind) == MailDelivery.Off);

    [Theory]
    // Winter (UTC+1): 07:00 in Berlin is 06:00 UTC.
    [InlineData("2026-12-07T06:30:00Z", "2026-12-07", "2026-12-07T06:00:00Z")]
    [InlineData("2026-12-07T05:59:59Z", "2026-12-06", "2026-12-06T06:00:00Z")]
    // Summer (UTC+2): 07:00 in Berlin is 05:00 UTC.
    [InlineData("2026-07-01T05:00:00Z", "2026-07-01", "2026-07-01T05:00:00Z")]
    // The day daylight saving starts (29 March 2026): 07:00 is already summer time.
    [InlineData("2026-03-29T05:10:00Z", "2026-03-29", "2026-03-29T05:00:00Z")]
    // Half past midnight in Berlin, before the hour: the day before's digest is the latest.
    [InlineData("2026-12-07T23:30:00Z", "2026-12-07", "2026-12-07T06:00:00Z")]
    public void Latest_digest_is_the_last_digest_hour_in_Berlin(string now, string day, string cutoff)
    {
        var latest = DigestSchedule.Latest(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), 7, Schedules.Berlin);

        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), latest.Day);
        Assert.Equal(DateTime.Parse(cutoff, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal), latest.Cutoff);
    }

    [Fact]
    public void Digest_hour_that_daylight_saving_skips_begins_an_hour_later()
    {
        var latest = DigestSchedule.Latest(new DateTimeOffset(2026, 3, 29, 10, 0, 0, TimeSpan.Zero), 2, Schedules.Berlin);

        Assert.Equal(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc), latest.Cutoff);
    }
}
