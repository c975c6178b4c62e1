using Microsoft.AspNetCore.Http.Features;

namespace ResourceShare.Api.Http;

/// <summary>
/// One body size limit for the API: requests that declare a larger body are refused before routing, and
/// the server enforces the same limit on bodies sent without a length (chunked).
/// </summary>
public static class RequestBodyLimit
{
    public const long MaxBytes = 1024 * 1024;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = MaxBytes;
            }

            if (context.Request.ContentLength > MaxBytes)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }

            await next(context);
        });
}
