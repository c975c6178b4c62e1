using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Http;

public sealed class RateLimitingTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private const int Limit = 3;
    private const string Search = "/api/v1/places?q=kassel";

    /// <summary>A host of its own, so its counters start at zero and other tests do not spend its permits.</summary>
    private readonly WebApplicationFactory<Program> limited =
        app.WithWebHostBuilder(builder => builder.UseSetting("RateLimiting:PermitLimit", Limit.ToString(CultureInfo.InvariantCulture)));

    [Fact]
    public async Task Successful_responses_announce_the_limit_and_a_decreasing_remainder()
    {
        var client = limited.CreateClient();
        var remaining = new List<string>();

        for (var i = 0; i < Limit; i++)
        {
            using var response = await client.GetAsync(Search);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Limit.ToString(CultureInfo.InvariantCulture), Assert.Single(response.Headers.GetValues("RateLimit-Limit")));
            remaining.Add(Assert.Single(response.Headers.GetValues("RateLimit-Remaining")));
        }

        Assert.Equal(["2", "1", "0"], remaining);
    }

    [Fact]
    public async Task Request_over_the_limit_is_429_with_Retry_After()
    {
        var client = limited.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        for (var i = 0; i < Limit; i++)
        {
            using var allowed = await client.GetAsync(Search);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var response = await client.GetAsync(Search);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(Problem.TypeUri("too-many-requests"), problem.Type);
        Assert.Equal("Zu viele Anfragen", problem.Title);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After names a number of seconds");
    }

    [Fact]
    public async Task Health_is_neither_limited_nor_counted()
    {
        var client = limited.CreateClient();

        for (var i = 0; i < Limit + 2; i++)
        {
            using var live = await client.GetAsync("/health/live");
            using var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.False(live.Headers.Contains("RateLimit-Limit"));
        }

        using var search = await client.GetAsync(Search);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal((Limit - 1).ToString(CultureInfo.InvariantCulture), Assert.Single(search.Headers.GetValues("RateLimit-Remaining")));
    }
}
