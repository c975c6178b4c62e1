using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ResourceShare.Api.OpenApi;

/// <summary>
/// Gives every enum one schema of strings without null. The framework writes an enum's shared schema from the first
/// place it meets the type, and where that was a nullable property the values included null; a nullable property
/// that refers to it then says <c>oneOf: [{type: null}, {$ref}]</c>, which null matched twice, so no null was valid.
/// Nullability belongs to the property, not to the enum.
/// </summary>
internal sealed class EnumSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum && schema.Enum is { Count: > 0 })
        {
            schema.Enum = schema.Enum.Where(value => value is JsonValue).ToList();
            schema.Type = JsonSchemaType.String;
        }

        return Task.CompletedTask;
    }
}
