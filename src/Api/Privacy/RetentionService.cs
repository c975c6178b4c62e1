using Microsoft.Extensions.Options;
using ResourceShare.Api.Http;
using ResourceShare.Infrastructure.Privacy;

namespace ResourceShare.Api.Privacy;

/// <summary>The retention periods (section "Retention"), in the unit their names say.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    public int IntervalMinutes { get; set; } = 60;
    public int BatchSize { get; set; } = 1000;
    public int RefreshTokenDays { get; set; } = 7;
    public int IdempotencyHours { get; set; } = 24;
    public int RateLimitBucketHours { get; set; } = 24;
    public int SignInBackoffDays { get; set; } = 7;
    public int NotificationDays { get; set; } = 365;
    public int ClosedListingAddressDays { get; set; } = 30;
    public int CompletedMatchMessageDays { get; set; } = 730;

    public RetentionPeriods Periods() => new(
        TimeSpan.FromDays(RefreshTokenDays), TimeSpan.FromHours(IdempotencyHours), TimeSpan.FromHours(RateLimitBucketHours),
        TimeSpan.FromDays(SignInBackoffDays), TimeSpan.FromDays(NotificationDays), TimeSpan.FromDays(ClosedListingAddressDays),
        TimeSpan.FromDays(CompletedMatchMessageDays));
}

/// <summary>
/// Deletes or clears what has outlived its purpose, every <see cref="RetentionOptions.IntervalMinutes"/> on every API
/// instance; a run goes on in batches until nothing is left.
/// </summary>
public sealed class RetentionService(RetentionStore store, IOptions<RetentionOptions> options, ILogger<RetentionService> logger) : PeriodicJob(logger)
{
    protected override TimeSpan Interval { get; } = TimeSpan.FromMinutes(options.Value.IntervalMinutes);

    protected override string Work => "Deleting data past its retention period";

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var total = 0;
        RetentionRun run;
        do
        {
            run = await store.RunOnceAsync(options.Value.Periods(), options.Value.BatchSize, ct);
            total += run.Total;
        }
        while (run.Total > 0 && !ct.IsCancellationRequested);

        return total;
    }
}
