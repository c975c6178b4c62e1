using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Health;

public sealed class HealthTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>, IAsyncLifetime
{
    private readonly EmptyDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task Liveness_is_200()
    {
        using var response = await app.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("live", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_on_a_migrated_database_is_200()
    {
        using var response = await app.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal("applied", body.GetProperty("checks").GetProperty("migrations").GetString());
    }

    [Fact]
    public async Task Readiness_with_pending_migrations_is_503_saying_how_many()
    {
        var unmigrated = app.OnDatabase(database.ConnectionString, migrateOnStartup: false);

        using var response = await unmigrated.CreateClient().GetAsync("/health/ready");

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(Problem.TypeUri("service-unavailable"), problem.Type);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Matches("^[1-9][0-9]* migration\\(s\\) pending$", problem.Detail);
    }

    [Fact]
    public async Task Readiness_after_migrating_the_same_database_is_200()
    {
        await database.MigrateAsync();
        var migrated = app.OnDatabase(database.ConnectionString, migrateOnStartup: false);

        using var response = await migrated.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readiness_with_a_changed_applied_migration_is_503_naming_the_file()
    {
        await database.MigrateAsync();
        await database.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = '0002'");
        var edited = app.OnDatabase(database.ConnectionString, migrateOnStartup: false);

        using var response = await edited.CreateClient().GetAsync("/health/ready");

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("0002_places.sql", problem.Detail);
    }
}
