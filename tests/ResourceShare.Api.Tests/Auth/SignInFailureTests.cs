using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ResourceShare.Api.Tests.Fixtures;
using Xunit.Abstractions;

namespace ResourceShare.Api.Tests.Auth;

/// <summary>Timing measurements: run alone, after the parallel tests, so that other tests' hashing does not skew them.</summary>
[CollectionDefinition(nameof(SignInFailureTests), DisableParallelization = true)]
public sealed class SignInFailureCollection;

[Collection(nameof(SignInFailureTests))]
public sealed class SignInFailureTests(ResourceShareApp app, ITestOutputHelper output) : IClassFixture<ResourceShareApp>
{
    private const int Tries = 7;

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "Falsches-Passwort-1" });

    private static string UnknownEmail() => $"niemand-{Guid.NewGuid():N}@example.org";

    private static async Task<string> BodyWithoutTraceIdAsync(HttpResponseMessage response)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(body.Remove("traceId"));
        return body.ToJsonString();
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task Unknown_email_and_wrong_password_get_the_same_answer(string language)
    {
        var user = await app.RegisterAsync();
        var client = app.CreateClient(language);

        var unknown = await LoginAsync(client, UnknownEmail());
        var wrong = await LoginAsync(client, user.Email);

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        Assert.Equal(unknown.Content.Headers.ContentType, wrong.Content.Headers.ContentType);
        Assert.Equal(await BodyWithoutTraceIdAsync(unknown), await BodyWithoutTraceIdAsync(wrong));
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_take_similar_time()
    {
        await using var unlimited = app.WithSettings(("Auth:LoginAttemptsBeforeDelay", "1000"));
        var client = unlimited.CreateClient();
        var user = await app.RegisterAsync();
        await LoginAsync(client, UnknownEmail());
        await LoginAsync(client, user.Email);

        var unknown = new List<double>();
        var wrong = new List<double>();
        for (var i = 0; i < Tries; i++)
        {
            unknown.Add(await MillisecondsAsync(() => LoginAsync(client, UnknownEmail())));
            wrong.Add(await MillisecondsAsync(() => LoginAsync(client, user.Email)));
        }

        var (unknownMedian, wrongMedian) = (Median(unknown), Median(wrong));
        output.WriteLine($"median ms over {Tries} tries: unknown email {unknownMedian:F1}, wrong password {wrongMedian:F1}");
        Assert.True(Math.Min(unknownMedian, wrongMedian) >= 0.5 * Math.Max(unknownMedian, wrongMedian),
            $"unknown email {unknownMedian:F1} ms vs wrong password {wrongMedian:F1} ms");
    }

    private static async Task<double> MillisecondsAsync(Func<Task<HttpResponseMessage>> login)
    {
        var start = Stopwatch.GetTimestamp();
        var response = await login();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return elapsed;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
