using System.Net.Http.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Http;

public sealed class SecurityHeaderTests(ResourceShareAppWithTestEndpoints app) : IClassFixture<ResourceShareAppWithTestEndpoints>
{
    [Theory]
    [InlineData("/api/v1/places?q=Frankfurt")]
    [InlineData("/api/v1/no-such-resource")]
    [InlineData(TestEndpoints.Throw)]
    [InlineData("/openapi/v1.json")]
    [InlineData("/health/live")]
    public async Task Every_answer_forbids_sniffing_referrers_and_any_active_content(string path)
    {
        using var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
        Assert.Equal(["default-src 'none'; frame-ancestors 'none'"], response.Headers.GetValues("Content-Security-Policy"));
    }

    [Fact]
    public async Task Swagger_UI_may_load_its_own_scripts_and_call_the_API_but_nothing_from_elsewhere()
    {
        using var response = await app.CreateClient().GetAsync("/swagger/index.html");

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("default-src 'none';", policy);
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("connect-src 'self';", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
    }

    [Fact]
    public async Task Answers_that_carry_tokens_are_never_stored_though_asked_for_without_credentials()
    {
        using var client = app.CreateClient();
        var email = $"store-{Guid.NewGuid():N}@example.org";

        using var registered = await client.PostAsJsonAsync("/api/v1/auth/register",
            new { email, password = ResourceShareApp.Password, displayName = "Verein" });
        using var signedIn = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = ResourceShareApp.Password });
        var refreshToken = (await signedIn.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("refreshToken").GetString();
        using var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });

        foreach (var response in new[] { registered, signedIn, refreshed })
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            Assert.True(response.Headers.CacheControl?.NoStore, response.RequestMessage!.RequestUri!.ToString());
        }
    }
}
