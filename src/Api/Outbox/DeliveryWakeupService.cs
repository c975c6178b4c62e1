using ResourceShare.Infrastructure.Outbox;

namespace ResourceShare.Api.Outbox;

/// <summary>
/// Every API instance listens, on a connection of its own outside the pool, for the database's notifications of new
/// deliveries (DeliveryWakeups); a lost connection is opened again after a pause of Outbox:PollMilliseconds, while
/// the loops fall back on polling.
/// </summary>
public sealed class DeliveryWakeupService(DeliveryWakeups wakeups, IConfiguration configuration, ILogger<DeliveryWakeupService> logger)
    : BackgroundService
{
    private readonly TimeSpan pause = TimeSpan.FromMilliseconds(configuration.GetValue("Outbox:PollMilliseconds", 1000));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await wakeups.ListenAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Listening for new deliveries failed; trying again in {Pause}", pause);
                await Task.Delay(pause, stoppingToken);
            }
        }
    }
}
