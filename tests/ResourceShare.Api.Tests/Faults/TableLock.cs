using Npgsql;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Tests.Faults;

/// <summary>
/// A table locked by another transaction, as a long migration or a batch job would hold it: the API's statements
/// on it wait (for ever, or until a statement_timeout) until the lock is disposed.
/// </summary>
public sealed class TableLock : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly string apiConnectionString;

    private TableLock(NpgsqlConnection connection, NpgsqlTransaction transaction, string apiConnectionString)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.apiConnectionString = apiConnectionString;
    }

    /// <summary>Locks <paramref name="table"/> (a name the test wrote) in <paramref name="mode"/>, e.g. EXCLUSIVE, which still lets reads through.</summary>
    public static async Task<TableLock> TakeAsync(string connectionString, string table, string mode = "ACCESS EXCLUSIVE")
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"LOCK TABLE {table} IN {mode} MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new TableLock(connection, transaction, connectionString);
    }

    /// <summary>Waits until <paramref name="count"/> of the API's connections wait for a lock.</summary>
    public async Task WaitForApiWaitersAsync(int count)
    {
        const string sql = """
            SELECT count(*)::int FROM pg_stat_activity
             WHERE datname = current_database() AND application_name = @ApplicationName AND wait_event_type = 'Lock'
            """;
        // A connection of its own: inside the lock's transaction, pg_stat_activity would show the same snapshot each time.
        await using var observer = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(apiConnectionString) { Pooling = false }.ConnectionString);
        await observer.OpenAsync();
        var applicationName = new NpgsqlConnectionStringBuilder(DataSourceSetup.Tune(apiConnectionString)).ApplicationName!;
        await Condition.WaitAsync(
            async () =>
            {
                await using var command = new NpgsqlCommand(sql, observer);
                command.Parameters.AddWithValue("ApplicationName", applicationName);
                return (int)(await command.ExecuteScalarAsync())! >= count;
            },
            $"{count} of the API's connections wait for the lock");
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.RollbackAsync();
        await connection.DisposeAsync();
    }
}
