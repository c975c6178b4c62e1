using Microsoft.OpenApi;

namespace ResourceShare.Api.OpenApi;

/// <summary>
/// The OpenAPI document at /openapi/v1.json. Everything in it is derived from the endpoints' metadata and the
/// validators, so a new endpoint is documented completely without editing this folder; the tests in
/// tests/ResourceShare.Api.Tests/OpenApi lint the result with Spectral (tools/openapi-lint).
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddResourceShareOpenApi(this IServiceCollection services)
    {
        services.AddOptions<OpenApiContactOptions>().BindConfiguration(OpenApiContactOptions.Section);
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.CreateSchemaReferenceId = ProblemSchemaTransformer.CreateReferenceId;
            options.AddSchemaTransformer<ProblemSchemaTransformer>();
            options.AddSchemaTransformer<EnumSchemaTransformer>();
            options.AddSchemaTransformer<ValidationSchemaTransformer>();
            options.AddOperationTransformer<ValidationSchemaTransformer>();
            // Before the problem responses: whether 401/403 apply depends on the security it writes.
            options.AddOperationTransformer<SecurityTransformer>();
            options.AddOperationTransformer<ProblemResponsesTransformer>();
            // After the responses: which headers a response carries depends on its status.
            options.AddOperationTransformer<HeadersTransformer>();
            options.AddOperationTransformer<ExamplesTransformer>();
            options.AddDocumentTransformer<SecurityTransformer>();
            options.AddDocumentTransformer<DocumentInfoTransformer>();
        });
        return services;
    }
}
