using ResourceShare.Infrastructure.Listings;

namespace ResourceShare.Api.Listings;

/// <summary>
/// Marks listings past their validUntil as expired, once a minute. Every API instance runs it; the UPDATE
/// claims rows with FOR UPDATE SKIP LOCKED, so instances never fight over the same listings.
/// </summary>
public sealed class ListingExpiryService(ListingStore listings, IConfiguration configuration, ILogger<ListingExpiryService> logger) : BackgroundService
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
                if (expired > 0)
                {
                    logger.LogInformation("{Count} listing(s) expired", expired);
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
