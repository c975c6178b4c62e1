using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Tests.Database;

/// <summary>
/// Each command of the API with the role it needs: migrate as the schema's owner (ConnectionStrings__Migrations),
/// grant-role with the data role alone.
/// </summary>
public sealed class DatabaseRoleCommandTests : IAsyncLifetime
{
    private readonly EmptyDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    private string DataRoleConnection => TestDatabase.AsDataRole(database.ConnectionString);

    [Fact]
    public async Task Migrate_with_the_owner_named_apart_applies_the_schema_as_the_owner_and_lets_the_data_role_read_it()
    {
        await using var api = ApiProcess.Start(
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Default"] = DataRoleConnection,
                ["ConnectionStrings__Migrations"] = database.ConnectionString,
            },
            "migrate");

        var exitCode = await api.WaitForExitAsync();

        Assert.True(exitCode == 0, $"migrate exited with {exitCode}:\n{api.Output}");
        Assert.Equal(Migration.Embedded.Count, await database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.True(await database.ScalarAsync<bool>("SELECT bool_and(tableowner = current_user) FROM pg_tables WHERE schemaname = 'public'"));
        Assert.Equal(Repository.GazetteerPlaceCount(), await ScalarAsDataRoleAsync<long>("SELECT count(*) FROM place"));
    }

    [Fact]
    public async Task Migrate_with_the_data_role_alone_cannot_create_the_schema()
    {
        await using var api = ApiProcess.Start(new Dictionary<string, string> { ["ConnectionStrings__Default"] = DataRoleConnection }, "migrate");

        var exitCode = await api.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("permission denied", api.Output, StringComparison.Ordinal);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task Grant_role_needs_no_more_than_the_data_role()
    {
        await database.MigrateAsync(DataRoleName());
        await database.ExecuteAsync(
            "INSERT INTO app_user (id, email, display_name, preferred_language, password_hash) VALUES (gen_random_uuid(), 'erste-admin@example.org', 'Admin', 'de', 'x')");

        await using var api = ApiProcess.Start(
            new Dictionary<string, string> { ["ConnectionStrings__Default"] = DataRoleConnection }, "grant-role", "erste-admin@example.org", "admin");

        var exitCode = await api.WaitForExitAsync();

        Assert.True(exitCode == 0, $"grant-role exited with {exitCode}:\n{api.Output}");
        Assert.Equal("admin", await database.ScalarAsync<string>("SELECT platform_role FROM app_user WHERE email = 'erste-admin@example.org'"));
    }

    private string DataRoleName() => new Npgsql.NpgsqlConnectionStringBuilder(DataRoleConnection).Username!;

    private async Task<T> ScalarAsDataRoleAsync<T>(string sql)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(DataRoleConnection);
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
