using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ResourceShare.Infrastructure.Database;

public static class MigrationSetup
{
    private const string MigrationsKey = "migrations";

    /// <summary>
    /// The migrator, connected as the role that owns the schema (ConnectionStrings:Migrations). Without that
    /// setting the API's own connection migrates too, one role doing both as before. With it, every run grants
    /// the role of the API's connection (its Username) the rights to read and write the data, and no more.
    /// </summary>
    public static IServiceCollection AddMigrator(this IServiceCollection services, string connectionString, string? migrationsConnectionString)
    {
        if (string.IsNullOrWhiteSpace(migrationsConnectionString))
        {
            return services.AddSingleton(sp => new Migrator(
                sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<ILogger<Migrator>>(), sp.GetServices<IReferenceData>()));
        }

        var dataRole = new NpgsqlConnectionStringBuilder(connectionString).Username;
        services.AddNpgsqlDataSource(migrationsConnectionString, serviceKey: MigrationsKey);
        return services.AddSingleton(sp => new Migrator(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<ILogger<Migrator>>(), sp.GetServices<IReferenceData>(),
            new SchemaOwner(sp.GetRequiredKeyedService<NpgsqlDataSource>(MigrationsKey), dataRole)));
    }
}
