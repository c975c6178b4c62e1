using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using ResourceShare.Api.Http;

namespace ResourceShare.Api.OpenApi;

/// <summary>Who answers questions about this deployment's API (configuration section OpenApi:Contact).</summary>
public sealed class OpenApiContactOptions
{
    public const string Section = "OpenApi:Contact";

    public string Name { get; set; } = "ResourceShare operators";

    public string? Email { get; set; }

    public Uri? Url { get; set; }
}

/// <summary>The document's info, its server and the descriptions of its tags.</summary>
internal sealed class DocumentInfoTransformer(IOptions<OpenApiContactOptions> contact)
    : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "ResourceShare API",
            Version = OpenApiSetup.DocumentName,
            Description = string.Create(CultureInfo.InvariantCulture, $"""
                Associations (Vereine) offer and request shared resources — rooms, interpreters and translators, equipment,
                vehicles, know-how — and get matched and booked.

                - Errors are RFC 9457 problem details (`application/problem+json`) with a stable `type` URN to switch on, a
                  `traceId`, and for invalid input an `errors` map from field to messages. Titles and details follow
                  `Accept-Language` (English or German).
                - Every `/api/v1` response carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`; over the
                  limit the answer is 429 with `Retry-After`.
                - Request bodies are limited to {RequestBodyLimit.MaxBytes} bytes.
                - Place data © [GeoNames](https://www.geonames.org/), [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/).
                """),
            Contact = new OpenApiContact { Name = contact.Value.Name, Email = contact.Value.Email, Url = contact.Value.Url },
        };

        document.Servers = [Server(document.Servers)];
        DescribeTags(document, context);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The server is the base path of the request that fetched the document, written as a relative URL so that it
    /// resolves against the address the client used: behind a TLS-terminating proxy the request this process sees is
    /// plain http, but the client's is not.
    /// </summary>
    private static OpenApiServer Server(IEnumerable<OpenApiServer>? generated)
    {
        var basePath = generated?
            .Select(s => Uri.TryCreate(s.Url, UriKind.Absolute, out var url) ? url.AbsolutePath.TrimEnd('/') : null)
            .FirstOrDefault(path => !string.IsNullOrEmpty(path));
        return new OpenApiServer
        {
            Url = string.IsNullOrEmpty(basePath) ? "/" : basePath,
            Description = "The server that served this document, whichever it is: production, staging or local.",
            Extensions = new Dictionary<string, IOpenApiExtension>
            {
                // The API is for integrators, not an internal one.
                ["x-internal"] = new JsonNodeExtension(JsonValue.Create(false)),
            },
        };
    }

    private static void DescribeTags(OpenApiDocument document, OpenApiDocumentTransformerContext context)
    {
        var descriptions = context.DescriptionGroups
            .SelectMany(group => group.Items)
            .SelectMany(api => api.ActionDescriptor.EndpointMetadata.OfType<TagDescription>())
            .Distinct()
            .GroupBy(tag => tag.Name)
            .ToDictionary(
                tags => tags.Key,
                tags => tags.Count() == 1
                    ? tags.Single().Description
                    : throw new InvalidOperationException($"The tag '{tags.Key}' has {tags.Count()} different descriptions."));

        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            if (tag.Name is not null && descriptions.TryGetValue(tag.Name, out var description))
            {
                tag.Description = description;
            }
        }
    }
}
