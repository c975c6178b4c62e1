using Microsoft.Extensions.Options;
using ResourceShare.Api.Http;
using ResourceShare.Infrastructure.Matches;
using ResourceShare.Infrastructure.Notifications;

namespace ResourceShare.Api.Matches;

/// <summary>
/// Completes accepted matches whose last window has ended (the store claims rows with FOR UPDATE SKIP LOCKED) and
/// reminds both sides of bookings that begin within 24 hours (a unique index keeps it to one notice each).
/// </summary>
public sealed class MatchCompletionService(
    MatchStore matches, NotificationStore notifications, IOptions<MatchOptions> options, ILogger<MatchCompletionService> logger) : PeriodicJob(logger)
{
    protected override TimeSpan Interval { get; } = TimeSpan.FromSeconds(options.Value.CompletionIntervalSeconds);

    protected override string Work => "Completing matches and reminding of tomorrow's bookings";

    protected override async Task<int> RunOnceAsync(CancellationToken ct) =>
        await matches.CompleteDueAsync(ct) + await notifications.NotifyBookingsTomorrowAsync(ct);
}
