using ResourceShare.Api.Http;
using ResourceShare.Infrastructure.Listings;

namespace ResourceShare.Api.Listings;

/// <summary>
/// Every 10 seconds, folds the differences that listing writes add to the search's kept per-category counts into
/// one row per kind and category, so that a search sums a dozen rows. Safe on every instance at once.
/// </summary>
public sealed class ListingCountService(ListingStore listings, IConfiguration configuration, ILogger<ListingCountService> logger) : PeriodicJob(logger)
{
    protected override TimeSpan Interval { get; } = TimeSpan.FromSeconds(configuration.GetValue("Listings:CountCompactionIntervalSeconds", 10));

    protected override string Work => "Folding listing count differences";

    protected override Task<int> RunOnceAsync(CancellationToken ct) => listings.CompactCountsAsync(ct);
}
