using Dapper;
using Npgsql;

namespace ResourceShare.Infrastructure.Outbox;

/// <summary>
/// Wakes the delivery loops of this instance when PostgreSQL notifies that there is work (0037_delivery_wakeups.sql):
/// <see cref="Outbox"/> for new outbox rows, <see cref="WebhookMessages"/> for new webhook messages. A loop waits on
/// its wake-up with its poll interval as the longest wait, so that a notification missed while no connection
/// listened costs at most one poll.
/// </summary>
public sealed class DeliveryWakeups(NpgsqlDataSource dataSource)
{
    public Wakeup Outbox { get; } = new();

    public Wakeup WebhookMessages { get; } = new();

    /// <summary>
    /// Listens on one connection until it fails or <paramref name="ct"/> ends. Once listening it wakes both loops,
    /// since notifications sent before then reached nobody.
    /// </summary>
    public async Task ListenAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        conn.Notification += (_, e) => (e.Channel == "outbox" ? Outbox : WebhookMessages).Set();
        await conn.ExecuteAsync(new CommandDefinition("LISTEN outbox; LISTEN webhook_message", cancellationToken: ct));
        try
        {
            Outbox.Set();
            WebhookMessages.Set();
            while (true)
            {
                await conn.WaitAsync(ct);
            }
        }
        finally
        {
            // The pool keeps session state (No Reset On Close): the connection goes back without its subscriptions.
            if (conn.State == System.Data.ConnectionState.Open)
            {
                await conn.ExecuteAsync("UNLISTEN *");
            }
        }
    }
}

/// <summary>A signal that stays set until a waiter takes it: a wake-up that comes while the loop works is not lost.</summary>
public sealed class Wakeup
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Set()
    {
        lock (signal)
        {
            if (signal.CurrentCount == 0)
            {
                signal.Release();
            }
        }
    }

    /// <summary>Waits until the wake-up is set (and takes it) or <paramref name="timeout"/> has passed.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);
}
