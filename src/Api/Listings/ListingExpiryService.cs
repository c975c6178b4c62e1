using ResourceShare.Api.Http;
using ResourceShare.Infrastructure.Listings;

namespace ResourceShare.Api.Listings;

/// <summary>Marks listings past their validUntil as expired, once a minute; the store claims rows with FOR UPDATE SKIP LOCKED.</summary>
public sealed class ListingExpiryService(ListingStore listings, IConfiguration configuration, ILogger<ListingExpiryService> logger) : PeriodicJob(logger)
{
    protected override TimeSpan Interval { get; } = TimeSpan.FromSeconds(configuration.GetValue("Listings:ExpiryIntervalSeconds", 60));

    protected override string Work => "Expiring listings";

    protected override Task<int> RunOnceAsync(CancellationToken ct) => listings.ExpireDueAsync(ct);
}
