using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace ResourceShare.Api.OpenApi;

/// <summary>
/// Puts the example of <see cref="OpenApiExamples"/> for the request body's type on the request body, and for a
/// success's type on that response, written as the API writes JSON.
/// </summary>
internal sealed class ExamplesTransformer(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var body = context.Description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type;
        if (body is not null && operation.RequestBody?.Content is { } requestContent)
        {
            SetExample(requestContent, body);
        }

        foreach (var success in context.Description.SupportedResponseTypes.Where(r => r.StatusCode is >= 200 and < 300 && r.Type is not null))
        {
            if (operation.Responses?.GetValueOrDefault(success.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { Content: { } content })
            {
                SetExample(content, success.Type!);
            }
        }

        return Task.CompletedTask;
    }

    private void SetExample(IDictionary<string, OpenApiMediaType> content, Type type)
    {
        if (!OpenApiExamples.ByType.TryGetValue(Nullable.GetUnderlyingType(type) ?? type, out var example))
        {
            return;
        }

        foreach (var media in content.Values)
        {
            media.Example = JsonSerializer.SerializeToNode(example, example.GetType(), json.Value.SerializerOptions);
        }
    }
}
