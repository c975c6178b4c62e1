using Microsoft.OpenApi;

namespace ResourceShare.Api.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddResourceShareOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "ResourceShare API",
                    Version = "v1",
                    Description =
                        "Associations offer and request shared resources — rooms, interpreters, equipment, vehicles, know-how — " +
                        "and get matched and booked. Errors are RFC 9457 problem details. Place data © GeoNames, CC BY 4.0.",
                };
                return Task.CompletedTask;
            });
        });
        return services;
    }
}
