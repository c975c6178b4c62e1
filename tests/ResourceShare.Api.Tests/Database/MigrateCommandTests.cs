using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Tests.Database;

public sealed class MigrateCommandTests : IAsyncLifetime
{
    private readonly EmptyDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task Migrate_command_on_an_empty_database_applies_the_schema_and_exits_0()
    {
        await using var api = ApiProcess.Start(
            new Dictionary<string, string> { ["ConnectionStrings__Default"] = database.ConnectionString },
            "migrate");

        var exitCode = await api.WaitForExitAsync();

        Assert.True(exitCode == 0, $"migrate exited with {exitCode}:\n{api.Output}");
        Assert.Contains($"{Migration.Embedded.Count} migration(s) applied", api.Output);
        Assert.Equal(Migration.Embedded.Count, await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(Repository.GazetteerPlaceCount(), await database.ScalarAsync<long>("SELECT count(*) FROM place"));
    }

    [Fact]
    public async Task Migrate_command_without_a_database_fails_with_a_nonzero_exit_code()
    {
        await using var api = ApiProcess.Start(
            new Dictionary<string, string> { ["ConnectionStrings__Default"] = database.ConnectionString + ";Port=1" },
            "migrate");

        var exitCode = await api.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
    }
}
