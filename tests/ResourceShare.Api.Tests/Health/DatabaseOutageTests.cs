using System.Diagnostics;
using System.Net;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Health;

public sealed class DatabaseOutageTests(DatabaseOutageApp app) : IClassFixture<DatabaseOutageApp>, IAsyncLifetime
{
    private const string Search = "/api/v1/places?q=a";
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(20);

    private readonly HttpClient client = app.CreateClient();

    /// <summary>Starts every test on a healthy app with several pooled connections, as under traffic.</summary>
    public async Task InitializeAsync()
    {
        app.Proxy.Restore();
        await RecoverAsync(Search);
        var warm = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync("/api/v1/places?q=be")));
        Assert.All(warm, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
    }

    public Task DisposeAsync()
    {
        app.Proxy.Restore();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Search_during_an_outage_is_503_with_Retry_After_at_once()
    {
        app.Proxy.Cut();

        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(Search);

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        var problem = await Problem.ReadAsync(response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(Problem.TypeUri("service-unavailable"), problem.Type);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After names a number of seconds");
    }

    [Fact]
    public async Task Readiness_during_an_outage_is_503_while_liveness_stays_200()
    {
        app.Proxy.Cut();

        using var ready = await client.GetAsync("/health/ready");
        using var live = await client.GetAsync("/health/live");

        var problem = await Problem.ReadAsync(ready);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("unreachable", problem.Detail);
        Assert.NotNull(ready.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task After_an_outage_search_and_readiness_recover_by_themselves()
    {
        app.Proxy.Cut();
        using (var failed = await client.GetAsync(Search))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        app.Proxy.Restore();

        await RecoverAsync("/health/ready");
        await RecoverAsync(Search);
    }

    [Fact]
    public async Task After_a_database_restart_nobody_noticed_the_app_recovers_by_itself()
    {
        app.Proxy.Cut();
        app.Proxy.Restore();

        await RecoverAsync(Search);
        await RecoverAsync("/health/ready");
    }

    [Fact]
    public async Task Database_that_never_answers_fails_the_search_within_the_connect_timeout()
    {
        app.Proxy.Stall();

        var clock = Stopwatch.StartNew();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            // The first request may meet a pooled connection the stall has reset; the second must connect anew.
            using var response = await client.GetAsync(Search);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    /// <summary>Polls <paramref name="url"/> until it answers 200, for at most <see cref="RecoveryLimit"/>.</summary>
    private async Task RecoverAsync(string url)
    {
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var response = await client.GetAsync(url);
            status = response.StatusCode;
            if (status == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(200);
        }
        while (clock.Elapsed < RecoveryLimit);

        Assert.Fail($"{url} still answers {(int)status} {RecoveryLimit.TotalSeconds} s after the database came back.");
    }
}
