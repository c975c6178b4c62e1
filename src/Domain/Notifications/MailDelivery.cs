namespace ResourceShare.Domain.Notifications;

/// <summary>How a person wants to hear of one kind of event by email.</summary>
public enum MailDelivery
{
    /// <summary>One mail per event, as soon as it happens.</summary>
    Immediately,

    /// <summary>Collected into one mail a day.</summary>
    DailyDigest,

    Off,
}

/// <summary>
/// Who gets mail and what they get until they choose otherwise. Mail goes to the owners and coordinators of the
/// association an event concerns: they answer proposals and keep listings current. Members only read, and read the
/// inbox. What asks for an answer or changes a booking or listing comes at once; matches of new listings and
/// feedback, which can be many and need no answer, come in the daily digest.
/// </summary>
public static class MailDefaults
{
    public static MailDelivery For(NotificationKind kind) => kind switch
    {
        NotificationKind.RequestMatchesOffer or NotificationKind.OfferMatchesRequest or NotificationKind.FeedbackReceived
            or NotificationKind.ReportDecided => MailDelivery.DailyDigest,
        _ => MailDelivery.Immediately,
    };
}

/// <summary>When the daily digest is made: each day at a fixed hour of Berlin time, where the associations are.</summary>
public static class DigestSchedule
{
    /// <summary>
    /// The most recent digest moment at or before <paramref name="now"/>: its Berlin day, and the instant it began,
    /// before which an event must have arrived to be in that day's digest. An hour that daylight saving skips begins
    /// an hour later.
    /// </summary>
    public static (DateOnly Day, DateTime Cutoff) Latest(DateTimeOffset now, int hour, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        if (local.Hour < hour)
        {
            day = day.AddDays(-1);
        }

        var start = day.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(start))
        {
            start = start.AddHours(1);
        }

        return (day, TimeZoneInfo.ConvertTimeToUtc(start, zone));
    }
}
