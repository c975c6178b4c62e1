using System.Net;
using System.Text.Json;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>An RFC 9457 problem response as the caller sees it, read strictly.</summary>
public sealed record Problem(HttpStatusCode StatusCode, JsonElement Body, string RawBody)
{
    public string Type => Body.GetProperty("type").GetString()!;

    public string Title => Body.GetProperty("title").GetString()!;

    public string Detail => Body.GetProperty("detail").GetString()!;

    public string TraceId => Body.GetProperty("traceId").GetString()!;

    /// <summary>
    /// Reads <paramref name="response"/> as a problem: asserts the media type and that <c>type</c>, <c>title</c>,
    /// <c>status</c> (equal to the HTTP status), <c>detail</c> and a W3C <c>traceId</c> are present, each once.
    /// </summary>
    public static async Task<Problem> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var raw = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(raw, new JsonDocumentOptions { AllowDuplicateProperties = false }).RootElement.Clone();

        Assert.StartsWith("urn:resourceshare:problem:", body.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        Assert.Equal((int)response.StatusCode, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        Assert.Matches("^[0-9a-f]{32}$", body.GetProperty("traceId").GetString());
        return new Problem(response.StatusCode, body, raw);
    }

    public static string TypeUri(string slug) => "urn:resourceshare:problem:" + slug;
}
