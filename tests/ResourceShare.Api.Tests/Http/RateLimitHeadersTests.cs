using System.Net;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Http;

public sealed class RateLimitHeadersTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private readonly HttpClient client = app.CreateClient();

    [Theory]
    [InlineData("/api/v1/places?q=kassel", HttpStatusCode.OK)]
    [InlineData("/api/v1/places", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/places?q=a&limit=ten", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/nowhere", HttpStatusCode.NotFound)]
    public async Task Every_api_response_announces_the_rate_limit(string url, HttpStatusCode status)
    {
        using var response = await client.GetAsync(url);

        Assert.Equal(status, response.StatusCode);
        Assert.All(["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"],
            header => Assert.True(response.Headers.Contains(header), $"{header} is missing"));
    }

    [Fact]
    public async Task Health_probes_are_not_rate_limited()
    {
        using var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("RateLimit-Limit"));
    }
}
