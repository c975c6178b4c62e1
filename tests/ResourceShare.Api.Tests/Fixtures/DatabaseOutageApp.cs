using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>The API reaching its database through a <see cref="DatabaseProxy"/> the test can cut.</summary>
public sealed class DatabaseOutageApp : ResourceShareApp
{
    private DatabaseProxy? proxy;

    public DatabaseProxy Proxy => proxy ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var server = new NpgsqlConnectionStringBuilder(ConnectionString);
        proxy = DatabaseProxy.Start(server.Host!, server.Port);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (proxy is not null)
        {
            await proxy.DisposeAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var throughProxy = new NpgsqlConnectionStringBuilder(DataConnectionString) { Host = "127.0.0.1", Port = Proxy.Port };
        builder.UseSetting("ConnectionStrings:Default", throughProxy.ConnectionString);
    }
}
