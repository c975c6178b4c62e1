using Microsoft.Extensions.Options;
using ResourceShare.Api.Http;
using ResourceShare.Infrastructure.Matches;

namespace ResourceShare.Api.Matches;

/// <summary>Completes accepted matches whose last window has ended; the store claims rows with FOR UPDATE SKIP LOCKED.</summary>
public sealed class MatchCompletionService(MatchStore matches, IOptions<MatchOptions> options, ILogger<MatchCompletionService> logger) : PeriodicJob(logger)
{
    protected override TimeSpan Interval { get; } = TimeSpan.FromSeconds(options.Value.CompletionIntervalSeconds);

    protected override string Work => "Completing matches";

    protected override Task<int> RunOnceAsync(CancellationToken ct) => matches.CompleteDueAsync(ct);
}
