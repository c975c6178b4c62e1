using Npgsql;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Tests.Faults;

/// <summary>
/// Terminates the API's connections to its database with pg_terminate_backend, as an operator, a failover or
/// a network fault would: <see cref="KillAllAsync"/> once, or <see cref="Start"/> in a loop until disposed.
/// The API's connections are found by the application name it connects with.
/// </summary>
public sealed class BackendKiller : IAsyncDisposable
{
    private const string Sql = """
        SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int
          FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = @ApplicationName AND pid <> pg_backend_pid()
        """;

    private readonly CancellationTokenSource stop = new();
    private readonly string connectionString;
    private Task loop = Task.CompletedTask;
    private int terminated;

    private BackendKiller(string connectionString) => this.connectionString = connectionString;

    /// <summary>How many of the API's connections were terminated.</summary>
    public int Terminated => Volatile.Read(ref terminated);

    /// <summary>Terminates every connection the API holds now, and returns how many there were.</summary>
    public static async Task<int> KillAllAsync(string connectionString)
    {
        await using var conn = await OpenAsync(connectionString);
        return await KillAsync(conn, connectionString);
    }

    /// <summary>Terminates the API's connections every <paramref name="pause"/> until disposed.</summary>
    public static BackendKiller Start(string connectionString, TimeSpan pause)
    {
        var killer = new BackendKiller(connectionString);
        killer.loop = killer.RunAsync(pause);
        return killer;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }

    private async Task RunAsync(TimeSpan pause)
    {
        await using var conn = await OpenAsync(connectionString);
        while (!stop.IsCancellationRequested)
        {
            Interlocked.Add(ref terminated, await KillAsync(conn, connectionString));
            try
            {
                await Task.Delay(pause, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "fault-injection", Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    private static async Task<int> KillAsync(NpgsqlConnection conn, string apiConnectionString)
    {
        await using var command = new NpgsqlCommand(Sql, conn);
        command.Parameters.AddWithValue("ApplicationName", new NpgsqlConnectionStringBuilder(DataSourceSetup.Tune(apiConnectionString)).ApplicationName!);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
