using ResourceShare.Infrastructure.Outbox;

namespace ResourceShare.Api.Outbox;

/// <summary>
/// Every API instance runs the dispatcher: a full batch is followed at once by the next, an empty or partial one by
/// a pause of Outbox:PollMilliseconds that a notification of new outbox rows ends early (DeliveryWakeups). A failed
/// batch is rolled back whole and tried again after the pause.
/// </summary>
public sealed class OutboxDispatchService(
    OutboxDispatcher dispatcher, DeliveryWakeups wakeups, IConfiguration configuration, ILogger<OutboxDispatchService> logger)
    : BackgroundService
{
    private readonly TimeSpan pause = TimeSpan.FromMilliseconds(configuration.GetValue("Outbox:PollMilliseconds", 1000));
    private readonly int batchSize = configuration.GetValue("Outbox:BatchSize", 100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var count = 0;
            try
            {
                count = await dispatcher.DispatchAsync(batchSize, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Dispatching the outbox failed; trying again in {Pause}", pause);
            }

            if (count < batchSize)
            {
                await wakeups.Outbox.WaitAsync(pause, stoppingToken);
            }
        }
    }
}
