namespace ResourceShare.Api.Http;

/// <summary>
/// A background job that runs its work at once and then every <see cref="Interval"/> on every API instance.
/// The work must be safe to run on several instances at once (claim rows with FOR UPDATE SKIP LOCKED). A
/// failed run is logged and tried again at the next tick.
/// </summary>
public abstract class PeriodicJob(ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    /// <summary>What one run does, for the log: "Expiring listings", "Completing matches".</summary>
    protected abstract string Work { get; }

    /// <summary>One run; returns how many rows it changed.</summary>
    protected abstract Task<int> RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var count = await RunOnceAsync(stoppingToken);
                if (count > 0)
                {
                    logger.LogInformation("{Work}: {Count} changed", Work, count);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "{Work} failed; trying again in {Interval}", Work, Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
