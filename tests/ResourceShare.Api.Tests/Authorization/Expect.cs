using System.Text.Json;

namespace ResourceShare.Api.Tests.Authorization;

internal static class Expect
{
    /// <summary>
    /// Asserts the status code and returns the body (default for an empty one). An error must be
    /// application/problem+json with the same status and a traceId.
    /// </summary>
    public static async Task<JsonElement> StatusAsync(HttpResponseMessage response, int expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        var request = response.RequestMessage;
        Assert.True((int)response.StatusCode == expected,
            $"{request?.Method} {request?.RequestUri?.PathAndQuery}: expected {expected}, got {(int)response.StatusCode} {text}");
        if (expected < 400 && text.Length == 0)
        {
            return default;
        }

        var body = JsonDocument.Parse(text).RootElement.Clone();
        if (expected >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(expected, body.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()));
        }

        return body;
    }
}
