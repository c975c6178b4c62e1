using System.Collections.Concurrent;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResourceShare.Infrastructure.Outbox;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>
/// The app with a fast outbox dispatcher and one more channel, which records every event it accepts in the table
/// outbox_test_delivery of the test database, in the dispatcher's transaction: a row there is a delivery that
/// committed. An event whose data holds "holdOnce" is held the first time an instance's channel sees it: the
/// channel sleeps in the database, as an instance stuck in the middle of a delivery, until a test ends its
/// connection (the instance's death, as far as the database can tell).
/// </summary>
public sealed class OutboxApp : ResourceShareApp
{
    public const string InstanceSetting = "OutboxTest:Instance";

    /// <summary>The backend process of the connection holding each held event.</summary>
    public static ConcurrentDictionary<Guid, int> Held { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.ExecuteAsync("CREATE TABLE outbox_test_delivery (notification_id uuid NOT NULL, instance text NOT NULL)");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Outbox:PollMilliseconds", "50");
        builder.UseSetting("Outbox:BatchSize", "5");
        builder.ConfigureServices(services => services.AddSingleton<IOutboxChannel, RecordingChannel>());
    }

    /// <summary>How often each event was delivered, and by which instances.</summary>
    public async Task<Dictionary<Guid, List<string>>> DeliveriesAsync()
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        var rows = await conn.QueryAsync<(Guid NotificationId, string Instance)>("SELECT notification_id, instance FROM outbox_test_delivery");
        return rows.GroupBy(r => r.NotificationId).ToDictionary(g => g.Key, g => g.Select(r => r.Instance).ToList());
    }

    private sealed class RecordingChannel(IConfiguration configuration) : IOutboxChannel
    {
        private readonly string instance = configuration[InstanceSetting] ?? "main";

        public async Task AcceptAsync(NpgsqlConnection conn, NpgsqlTransaction tx, OutboxEvent e, CancellationToken ct)
        {
            if (e.Data.Contains("holdOnce", StringComparison.Ordinal) && Held.TryAdd(e.NotificationId, conn.ProcessID))
            {
                await conn.ExecuteAsync(new CommandDefinition("SELECT pg_sleep(60)", transaction: tx, cancellationToken: ct));
            }

            await conn.ExecuteAsync(new CommandDefinition(
                "INSERT INTO outbox_test_delivery (notification_id, instance) VALUES (@NotificationId, @Instance)",
                new { e.NotificationId, Instance = instance }, tx, cancellationToken: ct));
        }
    }
}
