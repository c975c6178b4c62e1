using Dapper;
using Npgsql;

namespace ResourceShare.Infrastructure.Outbox;

/// <summary>
/// Wakes the delivery loops of this instance when PostgreSQL notifies that there is work (0037_delivery_wakeups.sql):
/// <see cref="Outbox"/> for new outbox rows, <see cref="WebhookMessages"/> for new webhook messages. A loop waits on
/// its wake-up with its poll interval as the longest wait, so that a notification missed while no connection
/// listened costs at most one poll.
/// </summary>
public sealed class DeliveryWakeups(string connectionString)
{
    /// <summary>A connection whose server went away without a word would wait forever: a probe after this long notices.</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(5);

    private readonly string listenerConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
    {
        Pooling = false,
        ApplicationName = "resourceshare-deliveries",
        Timeout = 5,
        CommandTimeout = 5,
    }.ConnectionString;

    public Wakeup Outbox { get; } = new();

    public Wakeup WebhookMessages { get; } = new();

    /// <summary>
    /// Listens on a connection of its own, outside the pool, until it fails or <paramref name="ct"/> ends. Once
    /// listening it wakes both loops, since notifications sent before then reached nobody.
    /// </summary>
    public async Task ListenAsync(CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(listenerConnectionString);
        conn.Notification += (_, e) => (e.Channel == "outbox" ? Outbox : WebhookMessages).Set();
        await conn.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("LISTEN outbox; LISTEN webhook_message", cancellationToken: ct));
        Outbox.Set();
        WebhookMessages.Set();
        while (true)
        {
            if (!await conn.WaitAsync(ProbeInterval, ct))
            {
                await conn.ExecuteAsync(new CommandDefinition("SELECT 1", cancellationToken: ct));
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
