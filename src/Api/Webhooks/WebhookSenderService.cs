using ResourceShare.Infrastructure.Outbox;
using ResourceShare.Infrastructure.Webhooks;

namespace ResourceShare.Api.Webhooks;

/// <summary>
/// Every API instance runs a sender: it claims due messages (FOR UPDATE SKIP LOCKED, then a lease), sends them at
/// once and records each attempt. A full batch is followed at once by the next, an empty or partial one by a pause
/// of Webhooks:PollMilliseconds that a notification of new messages ends early (DeliveryWakeups), and now and then
/// by tidying up (WebhookQueue.TidyAsync). Stopping mid-delivery
/// records nothing: the lease runs out and the message is sent again, with the same webhook-id.
/// </summary>
public sealed class WebhookSenderService(
    WebhookQueue queue, WebhookDelivery delivery, DeliveryWakeups wakeups, WebhookSettings settings, ILogger<WebhookSenderService> logger)
    : BackgroundService
{
    /// <summary>Tidying up follows every 60th pause: once a minute with the default pause.</summary>
    private const int PausesPerTidy = 60;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pauses = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var count = 0;
            try
            {
                var claimed = await queue.ClaimAsync(stoppingToken);
                count = claimed.Count;
                await Task.WhenAll(claimed.Select(message => SendAsync(message, stoppingToken)));
                if (count < settings.BatchSize && pauses++ % PausesPerTidy == 0)
                {
                    await queue.TidyAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sending webhooks failed; trying again in {Pause}", settings.Poll);
            }

            if (count < settings.BatchSize)
            {
                await wakeups.WebhookMessages.WaitAsync(settings.Poll, stoppingToken);
            }
        }
    }

    private async Task SendAsync(ClaimedWebhookMessage message, CancellationToken ct)
    {
        var outcome = await delivery.SendAsync(message, ct);
        await queue.RecordAsync(message, outcome, ct);
    }
}

public static class WebhookSendingExtensions
{
    /// <summary>The address check, the HTTP client that signs and sends, and the sender of every instance.</summary>
    public static IServiceCollection AddWebhookSending(this IServiceCollection services)
    {
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<WebhookDelivery>();
        services.AddHostedService<WebhookSenderService>();
        return services;
    }
}
