using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ResourceShare.Infrastructure.Accounts;

public static class SessionSetup
{
    /// <summary>The session versions every access token is checked against, and the listener that keeps them current.</summary>
    public static IServiceCollection AddSessionVersions(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton<SessionVersions>();
        return services.AddHostedService(sp => new SessionListener(
            sp.GetRequiredService<SessionVersions>(), connectionString, sp.GetRequiredService<ILogger<SessionListener>>()));
    }
}

/// <summary>
/// Listens, on a connection of its own outside the pool, for the database's notifications of changed session
/// versions and tells <see cref="SessionVersions"/>. A lost connection is noticed within
/// <see cref="ProbeInterval"/> plus the probe's timeout, and tried again with growing pauses; until it is back,
/// every session check asks the database.
/// </summary>
public sealed class SessionListener(SessionVersions versions, string connectionString, ILogger<SessionListener> logger) : BackgroundService
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(10);

    private readonly string listenerConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
    {
        Pooling = false,
        ApplicationName = "resourceshare-sessions",
        Timeout = 5,
        CommandTimeout = 5,
    }.ConnectionString;

    private TimeSpan retry = FirstRetry;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                try
                {
                    await ListenAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    versions.SetListening(false);
                    logger.LogWarning(e, "Session notifications lost; every access token is checked in the database until they are back (next try in {Retry})", retry);
                }

                await Task.Delay(retry, stoppingToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            versions.SetListening(false);
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(listenerConnectionString);
        conn.Notification += (_, e) =>
        {
            if (Guid.TryParse(e.Payload, out var userId))
            {
                versions.Forget(userId);
            }
        };
        await conn.OpenAsync(ct);
        const string listen = "LISTEN " + SessionVersions.Channel;
        await SendAsync(conn, listen, ct);
        versions.SetListening(true);
        retry = FirstRetry;
        while (true)
        {
            // A connection whose server went away without a word would wait forever: a probe notices.
            if (!await conn.WaitAsync(ProbeInterval, ct))
            {
                await SendAsync(conn, "SELECT 1", ct);
            }
        }
    }

    // The statements are constants of this class.
    private static async Task SendAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, conn);
        await command.ExecuteNonQueryAsync(ct);
    }
}
