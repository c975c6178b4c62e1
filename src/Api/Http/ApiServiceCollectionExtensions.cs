using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using ResourceShare.Api;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Api.OpenApi;

namespace Microsoft.Extensions.DependencyInjection;

public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddResourceShareApi(this IServiceCollection services, IConfiguration configuration)
    {
        // Registered before AddProblemDetails so that it comes first among the writers and writes every problem.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Customize);
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            // Numbers are JSON numbers: "5" is not accepted for 5, so the OpenAPI schemas say integer, not integer-or-string.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            // A field the request type does not have is an error naming the field, not silently ignored: a
            // client cannot set id, status or role by sending them.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        services.Configure<RequestLocalizationOptions>(o =>
        {
            string[] cultures = ["en", "de"];
            o.SetDefaultCulture("en").AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
            o.RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()];
        });
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        // Behind a reverse proxy every request comes from the proxy's address; per-address limits would then
        // throttle everybody at once. Proxies named here are trusted to report the client's address.
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in (configuration["ForwardedHeaders:KnownProxies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });
        services.AddResourceShareAuth(configuration);
        services.AddSingleton<ResourceShare.Api.Listings.ListingContentBuilder>();
        services.AddResourceShareOpenApi();
        return services;
    }
}
