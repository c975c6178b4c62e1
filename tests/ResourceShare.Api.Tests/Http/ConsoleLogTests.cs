using System.Text.RegularExpressions;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Http;

/// <summary>
/// The API reads src/Api/appsettings.json wherever it is started from, and its console suits who reads it: a
/// person in Development, a log collector elsewhere.
/// </summary>
public sealed class ConsoleLogTests : IAsyncLifetime
{
    private string connectionString = "";

    public async Task InitializeAsync() => connectionString = await TestDatabase.CreateAsync();

    public Task DisposeAsync() => TestDatabase.DropAsync(connectionString);

    [Fact]
    public async Task Started_from_another_directory_the_API_reads_its_appsettings_and_logs_no_SQL()
    {
        await using var api = Start("Production");
        using var client = await ClientAsync(api, line => line.Contains("\"Microsoft.Hosting.Lifetime\"") && line.Contains("http://127.0.0.1:"));

        using var response = await client.GetAsync("/api/v1/listings?category=room");
        await api.WaitForLineAsync(line => line.Contains("\"ResourceShare.Requests\"") && line.Contains("/api/v1/listings?category=room"));

        // appsettings.json lowers Npgsql to Warning; without it every statement is logged with its SQL text.
        Assert.True(response.IsSuccessStatusCode);
        Assert.DoesNotContain("\"Category\":\"Npgsql", api.Output);
        Assert.DoesNotContain("SELECT", api.Output);
    }

    [Fact]
    public async Task In_Development_each_request_is_one_short_line_for_a_person()
    {
        await using var api = Start("Development");
        using var client = await ClientAsync(api, line => line.Contains("Now listening on: http://127.0.0.1:"));

        using var response = await client.GetAsync("/api/v1/places?q=Giessen");
        var line = await api.WaitForLineAsync(line => line.Contains("/api/v1/places"));

        Assert.True(response.IsSuccessStatusCode);
        Assert.Matches(new Regex(@"^\d\d:\d\d:\d\d info: ResourceShare\.Requests\[1\] GET /api/v1/places\?q=Giessen 200 \d+ ms$"), line);
        Assert.DoesNotContain(api.Output.Split('\n'), l => l.StartsWith('{') || l.Contains("SELECT", StringComparison.Ordinal));
    }

    private ApiProcess Start(string environment) => ApiProcess.StartIn(Path.GetTempPath(), new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = environment,
        ["ConnectionStrings__Default"] = connectionString,
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["Auth__SigningKey"] = ResourceShareApp.SigningKey,
    });

    private static async Task<HttpClient> ClientAsync(ApiProcess api, Func<string, bool> listening)
    {
        var line = await api.WaitForLineAsync(listening);
        return new HttpClient { BaseAddress = new Uri(Regex.Match(line, @"http://127\.0\.0\.1:\d+").Value) };
    }
}
