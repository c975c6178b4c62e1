using System.Globalization;
using System.Net;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Http;

/// <summary>The same limit on the in-memory test server and on Kestrel, with and without Content-Length.</summary>
public abstract class RequestBodyLimitTests(ResourceShareAppWithTestEndpoints app)
{
    private const string Json = """{"displayName": "Verein"}""";

    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task Body_of_exactly_1_MiB_is_accepted()
    {
        using var response = await client.SendAsync(ErrorRequests.PostJson(Json.PadRight(ErrorRequests.BodyLimit)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Chunked_body_just_under_1_MiB_is_accepted()
    {
        // Kestrel counts the chunk framing (size lines, CRLFs) against the limit too: leave room for it.
        using var response = await client.SendAsync(ErrorRequests.PostJsonChunked(Json.PadRight(ErrorRequests.BodyLimit - 1024)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Body_over_1_MiB_is_413_naming_the_limit(bool chunked)
    {
        using var response = await client.SendAsync(Post(Json.PadRight(ErrorRequests.BodyLimit + 1), chunked));

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(Problem.TypeUri("payload-too-large"), problem.Type);
        Assert.Contains(ErrorRequests.BodyLimit.ToString(CultureInfo.InvariantCulture), problem.Detail);
    }

    private static HttpRequestMessage Post(string json, bool chunked) =>
        chunked ? ErrorRequests.PostJsonChunked(json) : ErrorRequests.PostJson(json);
}

public sealed class RequestBodyLimitOnTestServerTests(ResourceShareAppWithTestEndpoints app)
    : RequestBodyLimitTests(app), IClassFixture<ResourceShareAppWithTestEndpoints>;

public sealed class RequestBodyLimitOnKestrelTests(KestrelAppWithTestEndpoints app)
    : RequestBodyLimitTests(app), IClassFixture<KestrelAppWithTestEndpoints>;
