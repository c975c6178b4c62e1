using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Places;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>
/// The PostgreSQL server the suite runs against (set by scripts/test). Migrations run once per test run into a
/// template database, as the role that owns the schema (ConnectionStrings__Migrations, or the only role of
/// ConnectionStrings__Default); every test class then gets a fresh clone of it (CREATE DATABASE … TEMPLATE),
/// which takes milliseconds and needs no migration. The API under test connects to its clone as the role of
/// ConnectionStrings__Default, which scripts/test gives data rights only.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    /// <summary>The schema owner's connection to the server; it may CREATE DATABASE.</summary>
    public static string ServerConnectionString => Setting("ConnectionStrings__Migrations") ?? DataConnectionString;

    /// <summary>The connection of the role the API serves requests as (the owner's, when only one role is set).</summary>
    private static string DataConnectionString => Setting("ConnectionStrings__Default") ?? throw new InvalidOperationException(
        "No PostgreSQL server for the tests: run scripts/test (it starts a throwaway cluster), or set " +
        "ConnectionStrings__Default to a server where this role may CREATE DATABASE (and ConnectionStrings__Migrations " +
        "to the schema owner's, if the API's role is another).");

    /// <summary>The same database as <paramref name="connectionString"/>, connected as the API's role.</summary>
    public static string AsDataRole(string connectionString) =>
        new NpgsqlConnectionStringBuilder(DataConnectionString) { Database = new NpgsqlConnectionStringBuilder(connectionString).Database }.ConnectionString;

    /// <summary>Creates a new database cloned from the migrated template and returns its connection string.</summary>
    public static async Task<string> CreateAsync()
    {
        var template = await Template.Value;
        var name = "rs_test_" + Guid.NewGuid().ToString("N");
        await ExecuteOnServerAsync($"CREATE DATABASE {name} TEMPLATE {template}");
        return ForDatabase(name);
    }

    /// <summary>Creates a new, empty database (no migrations applied) and returns its connection string.</summary>
    public static async Task<string> CreateEmptyAsync()
    {
        var name = "rs_test_" + Guid.NewGuid().ToString("N");
        await ExecuteOnServerAsync($"CREATE DATABASE {name}");
        return ForDatabase(name);
    }

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        // FORCE may not terminate an autovacuum worker that busy tests started on the database: PostgreSQL 15
        // refuses with 42501 to a role that is not a superuser. The worker soon ends, so try again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 50)
            {
                await Task.Delay(200);
            }
        }
    }

    private static string ForDatabase(string name) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;

    private static async Task<string> CreateTemplateAsync()
    {
        var name = "rs_template_" + Guid.NewGuid().ToString("N");
        await ExecuteOnServerAsync($"CREATE DATABASE {name}");
        var connectionString = ForDatabase(name);
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            var dataRole = new NpgsqlConnectionStringBuilder(AsDataRole(connectionString)).Username;
            await new Migrator(dataSource, NullLogger<Migrator>.Instance, [new Gazetteer()], new SchemaOwner(dataSource, dataRole)).MigrateAsync(CancellationToken.None);
        }

        // CREATE DATABASE … TEMPLATE needs the template without connections.
        NpgsqlConnection.ClearAllPools();
        return name;
    }

    private static string? Setting(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    // Database names are generated above from a Guid, never from input; DDL takes no parameters.
    private static async Task ExecuteOnServerAsync(string ddl)
    {
        await using var conn = new NpgsqlConnection(ServerConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(ddl, conn);
        await command.ExecuteNonQueryAsync();
    }
}
