using ResourceShare.Api.Http;
using ResourceShare.Infrastructure.Matching;

namespace ResourceShare.Api.Matching;

/// <summary>
/// Every 2 seconds, computes the match candidates of listings that changed without the API refreshing them
/// itself (SQL, bulk loads, a report cleared by a moderator), 100 at a time. Every instance runs it: the queue
/// rows are claimed with FOR UPDATE SKIP LOCKED.
/// </summary>
public sealed class MatchCandidateService(MatchingStore matching, IConfiguration configuration, ILogger<MatchCandidateService> logger) : PeriodicJob(logger)
{
    protected override TimeSpan Interval { get; } = TimeSpan.FromSeconds(configuration.GetValue("Matching:CandidateIntervalSeconds", 2));

    protected override string Work => "Computing match candidates";

    protected override Task<int> RunOnceAsync(CancellationToken ct) => matching.RefreshQueuedAsync(100, ct);
}
