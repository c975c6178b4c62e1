using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace ResourceShare.Api.Tests.Faults;

/// <summary>
/// The API on a PostgreSQL server of its own (<see cref="PostgresCluster"/>), migrated at startup, which a test
/// may stop and start. Intent methods that go through the API work; those that write SQL to
/// <see cref="ResourceShareApp.ConnectionString"/> do not (it stays empty): use <see cref="Database"/>. The API
/// waits up to <see cref="ConnectTimeout"/> for a connection, so that an answer well within it came at once.
/// </summary>
public sealed class OwnServerApp : FaultApp
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    private PostgresCluster? server;

    public PostgresCluster Database => server ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public override async Task InitializeAsync() => server = await PostgresCluster.CreateAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:Default", new NpgsqlConnectionStringBuilder(Database.ConnectionString)
        {
            Timeout = (int)ConnectTimeout.TotalSeconds,
        }.ConnectionString);
    }
}
