using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ResourceShare.Api.Http;

namespace ResourceShare.Api.OpenApi;

/// <summary>
/// Documents the headers of requests and responses from what the endpoint is: If-Match (a handler parameter) and
/// Idempotency-Key (<see cref="Idempotency.WithIdempotency{TBuilder}"/>) on requests; on responses the RateLimit-*
/// headers wherever the rate limit applies, Retry-After on 429 and 503 (and on the 409 of idempotent endpoints, while
/// the first request with the key still runs), Location on 201, ETag on the successes of
/// endpoints declared with <see cref="ETags.WithETag{TBuilder}"/> and Idempotent-Replayed on the successes of
/// idempotent ones. The test suite checks every answer's headers against these.
/// </summary>
internal sealed class HeadersTransformer : IOpenApiOperationTransformer
{
    public const string IfMatch = "If-Match";
    private const string RetryAfter = "Retry-After";
    private static readonly string[] RateLimitHeaders = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"];

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("Operation transformers run inside a document.");
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var idempotent = metadata.OfType<Idempotency.Honoured>().Any();
        var versioned = metadata.OfType<ETags.Versioned>().Any();
        var rateLimited = RateLimitMiddleware.AppliesTo("/" + context.Description.RelativePath);

        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p is { In: ParameterLocation.Header, Name: IfMatch }))
        {
            parameter.Description = "The ETag you read; the change is refused with 412 when the resource has changed since.";
            if (parameter.Schema is OpenApiSchema schema)
            {
                schema.MaxLength = ETags.MaxLength;
            }
        }

        if (idempotent)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Idempotency.HeaderName,
                In = ParameterLocation.Header,
                Description =
                    "Any unique string (a UUID, say) to make a retry safe: the same key with the same request replays the first " +
                    "successful answer for 24 hours, marked Idempotent-Replayed: true; the same key with another request is a 422.",
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    MinLength = 1,
                    MaxLength = Idempotency.MaxKeyLength,
                    Pattern = "^[!-~]+$",
                },
            });
        }

        foreach (var (code, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete || !int.TryParse(code, CultureInfo.InvariantCulture, out var status))
            {
                continue;
            }

            var success = status is >= 200 and < 300;
            var headers = new List<string>();
            headers.AddRange(rateLimited ? RateLimitHeaders : []);
            headers.AddRange(status is 429 or 503 || (status == 409 && idempotent) ? [RetryAfter] : []);
            headers.AddRange(status == 201 ? ["Location"] : []);
            headers.AddRange(success && versioned ? ["ETag"] : []);
            headers.AddRange(success && idempotent ? [Idempotency.ReplayedHeaderName] : []);
            if (headers.Count == 0)
            {
                continue;
            }

            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            foreach (var name in headers)
            {
                concrete.Headers[name] = Reference(name, document);
            }
        }

        return Task.CompletedTask;
    }

    private static OpenApiHeaderReference Reference(string name, OpenApiDocument document)
    {
        if (document.Components?.Headers?.ContainsKey(name) != true)
        {
            document.AddComponent<IOpenApiHeader>(name, Header(name));
        }

        return new OpenApiHeaderReference(name, document);
    }

    private static OpenApiHeader Header(string name) => name switch
    {
        "ETag" => Text("The resource's version, a quoted number such as \"3\": send it back as If-Match to change the resource only if nobody changed it since.", required: true),
        "Location" => Text("The address of the created resource.", required: true, format: "uri-reference"),
        Idempotency.ReplayedHeaderName => new OpenApiHeader
        {
            Description = "true when this is the stored answer to an earlier request with the same Idempotency-Key.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("true")] },
        },
        RetryAfter => Seconds(
            "Seconds to wait before trying again; absent where waiting does not help (too many open proposals: an answer to one frees a place; " +
            "a 409 other than the one for a request with the same Idempotency-Key still being processed).",
            minimum: 1, required: false),
        "RateLimit-Limit" => Seconds("Requests a client may make per window.", minimum: 1),
        "RateLimit-Remaining" => Seconds("Requests the client has left in the current window.", minimum: 0),
        "RateLimit-Reset" => Seconds("Seconds until the current window ends, at most.", minimum: 1),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "A header this transformer does not describe."),
    };

    private static OpenApiHeader Text(string description, bool required, string? format = null) => new()
    {
        Description = description,
        Required = required,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = format, MaxLength = 2048 },
    };

    private static OpenApiHeader Seconds(string description, int minimum, bool required = true) => new()
    {
        Description = description,
        Required = required,
        Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int32",
            Minimum = minimum.ToString(CultureInfo.InvariantCulture),
            Maximum = int.MaxValue.ToString(CultureInfo.InvariantCulture),
        },
    };
}
