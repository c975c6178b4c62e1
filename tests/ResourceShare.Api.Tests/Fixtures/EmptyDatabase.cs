using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Places;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>A new database without any migration, dropped again when the test ends.</summary>
public sealed class EmptyDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync() => ConnectionString = await TestDatabase.CreateEmptyAsync();

    public Task DisposeAsync() => ConnectionString.Length > 0 ? TestDatabase.DropAsync(ConnectionString) : Task.CompletedTask;

    /// <summary>Runs the migrations as the API does at startup, through a data source of its own.</summary>
    public Task<int> MigrateAsync() => MigrateAsync(null);

    /// <summary>Runs the migrations as the owner of the schema, granting <paramref name="dataRole"/> its data rights.</summary>
    public async Task<int> MigrateAsync(string? dataRole)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        var owner = dataRole is null ? null : new SchemaOwner(dataSource, dataRole);
        return await new Migrator(dataSource, NullLogger<Migrator>.Instance, [new Gazetteer()], owner).MigrateAsync(CancellationToken.None);
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
