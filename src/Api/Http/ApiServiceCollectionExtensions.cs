using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.Localization;
using ResourceShare.Api;
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
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower));
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        });
        services.Configure<RequestLocalizationOptions>(o =>
        {
            string[] cultures = ["en", "de"];
            o.SetDefaultCulture("en").AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
            o.RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()];
        });
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddResourceShareOpenApi();
        return services;
    }
}
