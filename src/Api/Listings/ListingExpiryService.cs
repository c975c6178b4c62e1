using ResourceShare.Api.Http;
using ResourceShare.Infrastructure.Listings;
using ResourceShare.Infrastructure.Notifications;

namespace ResourceShare.Api.Listings;

/// <summary>
/// Once a minute, marks listings past their validUntil as expired and tells the associations whose listings
/// expire within 7 days. Every API instance runs it: the UPDATE claims rows with FOR UPDATE SKIP LOCKED, and a
/// unique index lets only one instance write each notice.
/// </summary>
public sealed class ListingExpiryService(
    ListingStore listings, NotificationStore notifications, IConfiguration configuration, ILogger<ListingExpiryService> logger) : PeriodicJob(logger)
{
    protected override TimeSpan Interval { get; } = TimeSpan.FromSeconds(configuration.GetValue("Listings:ExpiryIntervalSeconds", 60));

    protected override string Work => "Expiring listings and writing expiry notices";

    protected override async Task<int> RunOnceAsync(CancellationToken ct) =>
        await listings.ExpireDueAsync(ct) + await notifications.NotifyExpiringListingsAsync(ct);
}
