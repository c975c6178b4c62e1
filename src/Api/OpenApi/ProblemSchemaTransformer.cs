using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ResourceShare.Api.OpenApi;

/// <summary>
/// Describes problem details as Problems.Customize really writes them: every member present, the trace id added,
/// and the validation variant named ValidationProblemDetails, not after the framework class.
/// </summary>
internal sealed class ProblemSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly string[] AlwaysPresent = ["type", "title", "status", "detail", "instance", "traceId"];

    public const string ProblemDetailsId = nameof(ProblemDetails);
    public const string ValidationProblemDetailsId = "ValidationProblemDetails";

    public static string? CreateReferenceId(JsonTypeInfo typeInfo) =>
        typeInfo.Type == typeof(HttpValidationProblemDetails)
            ? ValidationProblemDetailsId
            : OpenApiOptions.CreateDefaultSchemaReferenceId(typeInfo);

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not null || !typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            return Task.CompletedTask;
        }

        Text(schema, "type", "Stable identifier of the problem type, a URN such as urn:resourceshare:problem:validation; switch on it.", "uri");
        Text(schema, "title", "Short summary of the problem type, in the caller's language (Accept-Language: en or de).");
        Text(schema, "detail", "What went wrong in this request, in the caller's language.");
        Text(schema, "instance", "The path of the request.", "uri-reference");
        Text(schema, "traceId", "Identifies the request in the server's logs; quote it when reporting a problem.");

        var status = Property(schema, "status");
        status.Type = JsonSchemaType.Integer;
        status.Format = "int32";
        status.Minimum = "400";
        status.Maximum = "599";
        status.Description = "The HTTP status code of the response.";

        if (schema.Properties?.TryGetValue("errors", out var found) == true && found is OpenApiSchema errors)
        {
            errors.Description = "Validation problems only: each invalid field (a camelCase path such as place.postalCode) with its messages.";
        }

        schema.Required = new HashSet<string>(AlwaysPresent);
        return Task.CompletedTask;
    }

    private static void Text(OpenApiSchema schema, string name, string description, string? format = null)
    {
        var property = Property(schema, name);
        property.Type = JsonSchemaType.String;
        property.Format = format;
        property.Description = description;
    }

    private static OpenApiSchema Property(OpenApiSchema schema, string name)
    {
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        if (!schema.Properties.TryGetValue(name, out var found) || found is not OpenApiSchema property)
        {
            property = new OpenApiSchema();
            schema.Properties[name] = property;
        }

        return property;
    }
}
