using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Http;

public sealed class StructuredLogTests
{
    [Fact]
    public async Task Log_entry_of_a_failed_request_carries_the_traceId_of_its_problem()
    {
        var database = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString) { Port = ClosedPort() };
        await using var api = ApiProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = database.ConnectionString,
            ["Database__MigrateOnStartup"] = "false",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Auth__SigningKey"] = ResourceShareApp.SigningKey,
        });
        var listening = await api.WaitForLogAsync(e => e.GetProperty("Category").GetString() == "Microsoft.Hosting.Lifetime"
            && e.GetProperty("State").TryGetProperty("address", out _));
        using var client = new HttpClient { BaseAddress = new Uri(listening.GetProperty("State").GetProperty("address").GetString()!) };

        using var response = await client.GetAsync("/api/v1/places?q=a");

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var entry = await api.WaitForLogAsync(e => TraceIdsOf(e).Contains(problem.TraceId));
        Assert.Equal("Warning", entry.GetProperty("LogLevel").GetString());
        Assert.Contains("/api/v1/places", entry.GetProperty("Message").GetString());
    }

    private static IEnumerable<string?> TraceIdsOf(JsonElement entry) =>
        entry.TryGetProperty("Scopes", out var scopes)
            ? scopes.EnumerateArray()
                .Where(scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out _))
                .Select(scope => scope.GetProperty("TraceId").GetString())
            : [];

    /// <summary>A loopback port nothing listens on: a database that refuses every connection.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
