using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using ResourceShare.Web.Api;
using ResourceShare.Web.ApiClient;

namespace ResourceShare.Web.Http;

/// <summary>
/// The exports of the API as file downloads for the signed-in user: <c>/me/export.json</c> and
/// <c>/associations/{id}/export.json</c>. The browser holds no token, so the web host fetches them with the session's
/// and passes the API's answer on unchanged, with the API's file name.
/// </summary>
public static class Downloads
{
    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/me/export.json", (ResourceShareApiClient api, ApiClientFactory clients, HttpContext http) =>
            ForwardAsync(api.Api.V1.Me.Export.ToGetRequestInformation(), clients, http)).RequireAuthorization();
        app.MapGet("/associations/{id:guid}/export.json", (Guid id, ResourceShareApiClient api, ApiClientFactory clients, HttpContext http) =>
            ForwardAsync(api.Api.V1.Associations[id].Export.ToGetRequestInformation(), clients, http)).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> ForwardAsync(RequestInformation request, ApiClientFactory clients, HttpContext http)
    {
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        request.AddRequestOptions([headers]);
        try
        {
            var body = await clients.SessionAdapter().SendPrimitiveAsync<Stream>(request, cancellationToken: http.RequestAborted);
            if (headers.ResponseHeaders.TryGetValue("Content-Disposition", out var disposition))
            {
                http.Response.Headers.ContentDisposition = disposition.ToArray();
            }

            http.Response.Headers.CacheControl = "no-store";
            return Results.Stream(body!, "application/json");
        }
        catch (ApiException e) when (e.ResponseStatusCode == StatusCodes.Status401Unauthorized)
        {
            return Results.Redirect("/account/signin?returnUrl=" + Uri.EscapeDataString(http.Request.Path));
        }
        catch (ApiException e) when (e.ResponseStatusCode is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound)
        {
            // Without a body, the status code pages show the web client's page instead of the API's problem.
            return Results.StatusCode(e.ResponseStatusCode);
        }
    }
}
