using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace ResourceShare.Web.Api;

/// <summary>A resource with the ETag the API sent with it, to send back as If-Match.</summary>
public sealed record ETagged<T>(T Value, string? ETag)
{
    /// <summary>Runs a call that answers a single resource and keeps its ETag header.</summary>
    public static async Task<ETagged<T>?> ReadAsync(Func<Action<RequestConfiguration<DefaultQueryParameters>>, Task<T?>> call)
    {
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var value = await call(request => request.Options.Add(headers));
        return value is null ? null : new ETagged<T>(value, headers.ResponseHeaders.TryGetValue("ETag", out var etag) ? etag.FirstOrDefault() : null);
    }
}

public static class IfMatch
{
    /// <summary>Sends If-Match when the page knows the version it showed.</summary>
    public static Action<RequestConfiguration<DefaultQueryParameters>> Of(string? etag) => request =>
    {
        if (!string.IsNullOrEmpty(etag))
        {
            request.Headers.Add("If-Match", etag);
        }
    };
}
