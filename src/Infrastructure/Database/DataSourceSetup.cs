using Npgsql;

namespace ResourceShare.Infrastructure.Database;

public static class DataSourceSetup
{
    /// <summary>
    /// Fills in the pool settings measured to serve this API best on a small machine, unless the
    /// connection string sets them itself.
    /// </summary>
    public static string Tune(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new HashSet<string>(
            connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(part => part.Split('=', 2)[0].Trim()),
            StringComparer.OrdinalIgnoreCase);

        if (!given.Contains("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!given.Contains("No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }

        if (!given.Contains("Maximum Pool Size") && !given.Contains("Max Pool Size"))
        {
            builder.MaxPoolSize = 16;
        }

        if (!given.Contains("Application Name"))
        {
            builder.ApplicationName = "resourceshare-api";
        }

        return builder.ConnectionString;
    }
}
