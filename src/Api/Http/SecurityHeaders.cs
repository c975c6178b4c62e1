namespace ResourceShare.Api.Http;

/// <summary>
/// Headers every response carries, so that a browser that opens an API address never sniffs a JSON body into a
/// page, never tells another site where it came from, and never runs or frames anything from an answer. Swagger UI,
/// the one page the API serves, may load its own scripts, styles and images and call the API; its script sets styles
/// inline, which a style policy without 'unsafe-inline' would refuse (styles cannot run code).
/// </summary>
public static class SecurityHeaders
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    public const string SwaggerPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

    /// <summary>The headers of an API answer, also those Kestrel writes itself (see <see cref="KestrelRefusals"/>).</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> ForApi =
    [
        new("X-Content-Type-Options", "nosniff"),
        new("Referrer-Policy", "no-referrer"),
        new("Content-Security-Policy", ApiPolicy),
    ];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Set as the answer starts: the exception handler clears the headers of a response it replaces.
            context.Response.OnStarting(static state =>
            {
                var context = (HttpContext)state;
                var headers = context.Response.Headers;
                foreach (var (name, value) in ForApi)
                {
                    headers[name] = value;
                }

                if (context.Request.Path.StartsWithSegments("/swagger"))
                {
                    headers.ContentSecurityPolicy = SwaggerPolicy;
                }

                return Task.CompletedTask;
            }, context);
            return next(context);
        });
}
