using ResourceShare.Infrastructure.Listings;
using ResourceShare.Infrastructure.Notifications;

namespace ResourceShare.Api.Listings;

/// <summary>
/// Once a minute, marks listings past their validUntil as expired and tells the associations whose listings
/// expire within 7 days. Every API instance runs it: the UPDATE claims rows with FOR UPDATE SKIP LOCKED, so
/// instances never fight over the same listings, and a unique index lets only one instance write each notice.
/// </summary>
public sealed class ListingExpiryService(
    ListingStore listings, NotificationStore notifications, IConfiguration configuration, ILogger<ListingExpiryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(configuration.GetValue("Listings:ExpiryIntervalSeconds", 60));
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                var expired = await listings.ExpireDueAsync(stoppingToken);
                var notified = await notifications.NotifyExpiringListingsAsync(stoppingToken);
                if (expired > 0 || notified > 0)
                {
                    logger.LogInformation("{Count} listing(s) expired, {Notified} expiry notice(s) written", expired, notified);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Expiring listings failed; trying again in {Interval}", interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
