using System.Net;
using System.Text.Json;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>Checks that a response is an RFC 9457 problem of the expected status and type, with a trace id.</summary>
public static class ProblemAssert
{
    public static async Task<JsonElement> IsAsync(HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.True(problem.TryGetProperty("traceId", out _), $"No traceId: {text}");
        if (type is not null)
        {
            Assert.Equal("urn:resourceshare:problem:" + type, problem.GetProperty("type").GetString());
        }

        return problem;
    }

    /// <summary>A 400 validation problem whose errors name <paramref name="field"/>.</summary>
    public static async Task<JsonElement> ValidationAsync(HttpResponseMessage response, string field)
    {
        var problem = await IsAsync(response, HttpStatusCode.BadRequest, "validation");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"No error for {field}: {errors}");
        return problem;
    }
}
