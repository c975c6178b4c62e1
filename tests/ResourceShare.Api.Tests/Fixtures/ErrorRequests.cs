using System.Net.Http.Headers;
using System.Text;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>
/// One request for every kind of error the pipeline produces, by the slug of its problem type. Too many requests
/// (429) needs a host with a low limit and is read with the same strictness in the rate limiting tests.
/// </summary>
public static class ErrorRequests
{
    public const int BodyLimit = 1024 * 1024;

    public static TheoryData<string, int> Kinds => new()
    {
        { "not-found", 404 },
        { "method-not-allowed", 405 },
        { "unsupported-media-type", 415 },
        { "malformed-json", 400 },
        { "payload-too-large", 413 },
        { "validation", 400 },
        { "internal", 500 },
        { "service-unavailable", 503 },
    };

    public static HttpRequestMessage For(string kind) => kind switch
    {
        "not-found" => new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-resource"),
        "method-not-allowed" => new HttpRequestMessage(HttpMethod.Delete, "/api/v1/places?q=a"),
        "unsupported-media-type" => new HttpRequestMessage(HttpMethod.Post, TestEndpoints.Echo)
        {
            Content = new StringContent("displayName=Verein", Encoding.UTF8, "application/x-www-form-urlencoded"),
        },
        "malformed-json" => PostJson("""{"displayName": """),
        "payload-too-large" => PostJson(new string(' ', BodyLimit + 1)),
        "validation" => PostJson("{}"),
        "internal" => new HttpRequestMessage(HttpMethod.Get, TestEndpoints.Throw),
        "service-unavailable" => new HttpRequestMessage(HttpMethod.Get, TestEndpoints.UnreachableDatabase),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no request for this kind of error"),
    };

    public static HttpRequestMessage PostJson(string json) => new(HttpMethod.Post, TestEndpoints.Echo)
    {
        Content = new StringContent(json, Encoding.UTF8, "application/json"),
    };

    /// <summary>A JSON body sent chunked, without Content-Length, as a client streaming it would.</summary>
    public static HttpRequestMessage PostJsonChunked(string json)
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, TestEndpoints.Echo) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        return request;
    }
}
