using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Places;

namespace ResourceShare.Api.Tests.Database;

public sealed class MigratorTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>, IAsyncLifetime
{
    private readonly EmptyDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task Empty_database_gets_every_migration_recorded_with_its_checksum()
    {
        var applied = await database.MigrateAsync();

        Assert.Equal(Migration.Embedded.Count, applied);
        foreach (var migration in Migration.Embedded)
        {
            var checksum = await database.ScalarAsync<string>(
                $"SELECT checksum FROM schema_migrations WHERE version = '{migration.Version}' AND name = '{migration.Name}'");
            Assert.Equal(Migration.ChecksumOf(migration.Sql), checksum);
        }
    }

    [Fact]
    public async Task Second_run_applies_nothing()
    {
        await database.MigrateAsync();

        var applied = await database.MigrateAsync();

        Assert.Equal(0, applied);
    }

    [Fact]
    public async Task Changed_applied_migration_refuses_to_migrate_naming_the_file()
    {
        await database.MigrateAsync();
        await database.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = '0002'");

        var refused = await Assert.ThrowsAsync<MigrationChecksumException>(database.MigrateAsync);

        Assert.Equal("0002_places.sql", refused.FileName);
        Assert.Contains("0002_places.sql", refused.Message);
    }

    [Fact]
    public async Task Changed_applied_migration_stops_the_API_at_startup()
    {
        await database.MigrateAsync();
        await database.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = '0001'");
        var edited = app.OnDatabase(database.ConnectionString, migrateOnStartup: true);

        var refused = Assert.Throws<MigrationChecksumException>(() => edited.CreateClient());

        Assert.Equal("0001_extensions.sql", refused.FileName);
    }

    [Fact]
    public async Task Concurrent_runs_apply_each_migration_once_and_load_the_gazetteer_once()
    {
        const int runs = 6;
        var dataSources = Enumerable.Range(0, runs).Select(_ => NpgsqlDataSource.Create(database.ConnectionString)).ToArray();
        using var start = new Barrier(runs);

        try
        {
            var applied = await Task.WhenAll(dataSources.Select(dataSource => Task.Run(async () =>
            {
                // Each run holds an open connection of its own before they all race for the lock.
                await using (await dataSource.OpenConnectionAsync())
                {
                    start.SignalAndWait();
                }

                return await new Migrator(dataSource, NullLogger<Migrator>.Instance, [new Gazetteer()]).MigrateAsync(CancellationToken.None);
            })));

            Assert.Equal(Migration.Embedded.Count, applied.Sum());
            Assert.Equal(Migration.Embedded.Count, await database.ScalarAsync<long>("SELECT count(DISTINCT version) FROM schema_migrations"));
            Assert.Equal(Migration.Embedded.Count, await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
            Assert.Equal(Repository.GazetteerPlaceCount(), await database.ScalarAsync<long>("SELECT count(*) FROM place"));
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }
}
