using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Tests.Faults;

/// <summary>
/// A statement that runs into the database's statement_timeout (here: waiting for a lock another transaction
/// holds) answers a 503 with Retry-After, rolls its transaction back whole, and leaves its connection usable.
/// </summary>
public sealed class StatementTimeoutTests(StatementTimeoutApp app) : IClassFixture<StatementTimeoutApp>
{
    private const string Search = "/api/v1/places?q=fr";

    [Fact]
    public async Task Search_that_reaches_statement_timeout_is_503_with_Retry_After_and_its_connection_serves_the_next_request()
    {
        using var client = app.CreateClient();
        using (var warm = await client.GetAsync(Search))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        var connection = await ApiConnectionAsync();

        TimeSpan elapsed;
        HttpResponseMessage timedOut;
        await using (await TableLock.TakeAsync(app.ConnectionString, "place"))
        {
            var clock = Stopwatch.StartNew();
            timedOut = await client.GetAsync(Search);
            elapsed = clock.Elapsed;
        }

        using var after = await client.GetAsync(Search);

        await ProblemAssert.IsAsync(timedOut, HttpStatusCode.ServiceUnavailable, "service-unavailable");
        Assert.True(timedOut.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After names a number of seconds");
        Assert.InRange(elapsed, StatementTimeoutApp.StatementTimeout, StatementTimeoutApp.StatementTimeout + TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(connection, await ApiConnectionAsync());
    }

    [Fact]
    public async Task Write_that_reaches_statement_timeout_is_503_leaves_nothing_behind_and_its_key_creates_once_afterwards()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var body = ListingBodies.Valid(associationId);
        var title = body["title"]!.GetValue<string>();
        var key = Guid.NewGuid().ToString();

        HttpResponseMessage timedOut;
        // The listing's row is written, its windows wait for the lock until the timeout ends the statement.
        await using (await TableLock.TakeAsync(app.ConnectionString, "listing_window", "EXCLUSIVE"))
        {
            timedOut = await owner.Client.SendAsync(FaultApp.CreateListing(body, key));
        }

        var afterTimeout = await Consistency.ListingIdsAsync(app.ConnectionString, title);
        using var created = await owner.Client.SendAsync(FaultApp.CreateListing(body, key));

        await ProblemAssert.IsAsync(timedOut, HttpStatusCode.ServiceUnavailable, "service-unavailable");
        Assert.True(timedOut.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After names a number of seconds");
        Assert.Empty(afterTimeout);
        var listing = await created.JsonAsync(HttpStatusCode.Created);
        Assert.Equal([listing.Id()], await Consistency.ListingIdsAsync(app.ConnectionString, title));
        await Consistency.AssertNothingHalfWrittenAsync(app.ConnectionString);
    }

    /// <summary>The process id of the API's one connection to its database.</summary>
    private async Task<int> ApiConnectionAsync()
    {
        const string sql = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = @ApplicationName";
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        command.Parameters.AddWithValue("ApplicationName", new NpgsqlConnectionStringBuilder(DataSourceSetup.Tune(app.ConnectionString)).ApplicationName!);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the API holds its connection in the pool");
        var pid = reader.GetInt32(0);
        Assert.False(await reader.ReadAsync(), "the API holds one connection");
        return pid;
    }
}

/// <summary>
/// The API with a statement_timeout on its connections, set as an operator would in the connection string
/// (Options=-c statement_timeout=…), and one pooled connection, so that the request after a timeout shows
/// whether that connection is still usable.
/// </summary>
public sealed class StatementTimeoutApp : ResourceShareApp
{
    public static readonly TimeSpan StatementTimeout = TimeSpan.FromSeconds(1);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:Default", new NpgsqlConnectionStringBuilder(DataConnectionString)
        {
            Options = "-c statement_timeout=" + StatementTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
            MaxPoolSize = 1,
        }.ConnectionString);
    }
}
