namespace ResourceShare.Api.Http;

/// <summary>
/// What a response shows depends on who asks (private fields for insiders) and in which language, so
/// shared caches must key on those headers, and answers to credentialed requests must not be stored by
/// them at all; nor may answers that hand out tokens (<see cref="WithNoStore{TBuilder}"/>), which are asked for
/// without credentials.
/// </summary>
public static class CacheHeaders
{
    public static TBuilder WithNoStore<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(NoStore.Instance);

    public static IApplicationBuilder UseCallerDependentCaching(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                var request = context.Request.Headers;
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers.Vary = "Authorization, X-Api-Key, Accept-Language";
                    if (request.ContainsKey("Authorization") || request.ContainsKey("X-Api-Key")
                        || context.GetEndpoint()?.Metadata.GetMetadata<NoStore>() is not null)
                    {
                        headers.CacheControl = "private, no-store";
                    }

                    return Task.CompletedTask;
                });
            }

            await next(context);
        });
}

/// <summary>Endpoint metadata: its answers carry secrets (tokens) and are never stored by any cache.</summary>
public sealed class NoStore
{
    public static readonly NoStore Instance = new();

    private NoStore()
    {
    }
}
