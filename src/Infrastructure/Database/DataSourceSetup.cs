using System.Data.Common;
using Npgsql;

namespace ResourceShare.Infrastructure.Database;

public static class DataSourceSetup
{
    /// <summary>
    /// Fills in the pool settings measured to serve this API best on a small machine, and a connection timeout
    /// that lets requests fail fast while the database is unreachable, unless the connection string sets them
    /// itself.
    /// </summary>
    public static string Tune(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Npgsql accepts several spellings of a setting ("MaxPoolSize", "Maximum Pool Size") and writes back only
        // the settings given, each under its canonical name: look the names up there, not in the raw string.
        var given = new DbConnectionStringBuilder { ConnectionString = builder.ConnectionString };

        // Auto-preparation has one trap (Npgsql 10.0.3): the execution that prepares a statement marks it prepared as
        // soon as PostgreSQL confirms the Parse, before the row description that follows the Bind. When PostgreSQL
        // refuses a parameter value in that Bind (text with a NUL character: 22021), the statement stays marked
        // prepared without its row description, and its next execution on that pooled connection meets a DataRow
        // it does not expect: Npgsql breaks the connection under an unrelated request. So no value PostgreSQL
        // refuses at Bind may reach it; the API refuses such text at its edge (InputIntegrity).
        if (!given.ContainsKey("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!given.ContainsKey("No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }

        if (!given.ContainsKey("Maximum Pool Size"))
        {
            builder.MaxPoolSize = 16;
        }

        // Npgsql waits 15 s by default to open a connection or to get one from a full pool. A database host that
        // stopped answering would hold every request that long; a reachable one connects in milliseconds.
        if (!given.ContainsKey("Timeout"))
        {
            builder.Timeout = 5;
        }

        if (!given.ContainsKey("Application Name"))
        {
            builder.ApplicationName = "resourceshare-api";
        }

        return builder.ConnectionString;
    }
}
