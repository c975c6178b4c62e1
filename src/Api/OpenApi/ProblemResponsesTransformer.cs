using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using ResourceShare.Api.Http;

namespace ResourceShare.Api.OpenApi;

/// <summary>
/// Documents the error responses of every operation as <c>application/problem+json</c> with the shared
/// ProblemDetails / ValidationProblemDetails schemas, derived from what the endpoint is rather than written per
/// endpoint: 500 and 503 always; 429 where the rate limit applies; 400 with parameters or a body; 413 and 415 with a
/// body; 401 and 403 when credentials are required; 404 with route parameters. Other problems (409, 412, 422 …)
/// come from what the endpoint declares (ProducesProblem, typed results such as Conflict&lt;ProblemDetails&gt;); they
/// keep a description of their own and get the problem content. Also documents the headers of the responses:
/// RateLimit-* on every response of a rate-limited operation (RateLimitMiddleware decides which), Retry-After on 429
/// and 503.
/// </summary>
internal sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    private const string ProblemContentType = "application/problem+json";

    private const string RetryAfter = "Retry-After";
    private static readonly string[] RateLimitHeaders = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"];

    private static readonly Dictionary<string, string> HeaderDescriptions = new()
    {
        ["RateLimit-Limit"] = "Requests a client may make per window.",
        ["RateLimit-Remaining"] = "Requests the client has left in the current window.",
        ["RateLimit-Reset"] = "Seconds until the current window ends, at most.",
        [RetryAfter] = "Seconds to wait before trying again.",
    };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("Operation transformers run inside a document.");
        var rateLimited = RateLimitMiddleware.AppliesTo("/" + context.Description.RelativePath);
        var responses = operation.Responses ?? [];
        foreach (var status in ImpliedStatuses(operation, rateLimited))
        {
            responses.TryAdd(status.ToString(CultureInfo.InvariantCulture), new OpenApiResponse());
        }

        var problem = await SchemaReferenceAsync(
            typeof(ProblemDetails), ProblemSchemaTransformer.ProblemDetailsId, context, document, cancellationToken);
        var validationProblem = responses.ContainsKey("400")
            ? await SchemaReferenceAsync(
                typeof(HttpValidationProblemDetails), ProblemSchemaTransformer.ValidationProblemDetailsId, context, document, cancellationToken)
            : problem;

        operation.Responses = [];
        foreach (var (code, response) in responses.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            operation.Responses[code] = response;
            if (response is not OpenApiResponse concrete || !int.TryParse(code, CultureInfo.InvariantCulture, out var status))
            {
                continue;
            }

            if (status >= 400)
            {
                if (string.IsNullOrEmpty(concrete.Description) || concrete.Description == ReasonPhrases.GetReasonPhrase(status))
                {
                    concrete.Description = DescriptionOf(status);
                }

                concrete.Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemContentType] = new() { Schema = status == 400 ? validationProblem : problem },
                };
            }

            var headers = (rateLimited ? RateLimitHeaders : []).Concat(status is 429 or 503 ? [RetryAfter] : []).ToList();
            if (headers.Count > 0)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                foreach (var name in headers)
                {
                    concrete.Headers[name] = HeaderReference(name, document);
                }
            }
        }
    }

    private static IEnumerable<int> ImpliedStatuses(OpenApiOperation operation, bool rateLimited)
    {
        var hasBody = operation.RequestBody is not null;
        if (hasBody || operation.Parameters is { Count: > 0 })
        {
            yield return 400;
        }

        if (SecurityTransformer.RequiresCredentials(operation))
        {
            yield return 401;
            yield return 403;
        }

        if (operation.Parameters?.Any(p => p.In == ParameterLocation.Path) == true)
        {
            yield return 404;
        }

        if (hasBody)
        {
            yield return 413;
            yield return 415;
        }

        if (rateLimited)
        {
            yield return 429;
        }

        yield return 500;
        yield return 503;
    }

    private static string DescriptionOf(int status)
    {
        if (status == 400)
        {
            return "A parameter or the body is invalid: type " + ProblemType.Validation.Uri + " with errors, a map from field " +
                "to messages, or " + ProblemType.MalformedJson.Uri + " for a body that is not JSON.";
        }

        var type = ProblemType.ForStatus(status);
        return $"{type.Title.En}. {string.Format(CultureInfo.InvariantCulture, type.Detail.En, RequestBodyLimit.MaxBytes)}";
    }

    private static async Task<OpenApiSchemaReference> SchemaReferenceAsync(
        Type type, string id, OpenApiOperationTransformerContext context, OpenApiDocument document, CancellationToken cancellationToken)
    {
        if (document.Components?.Schemas?.ContainsKey(id) != true)
        {
            document.AddComponent(id, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        }

        return new OpenApiSchemaReference(id, document);
    }

    private static OpenApiHeaderReference HeaderReference(string name, OpenApiDocument document)
    {
        if (document.Components?.Headers?.ContainsKey(name) != true)
        {
            document.AddComponent<IOpenApiHeader>(name, new OpenApiHeader
            {
                Description = HeaderDescriptions[name],
                Required = true,
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Format = "int32",
                    Minimum = name == "RateLimit-Remaining" ? "0" : "1",
                    Maximum = int.MaxValue.ToString(CultureInfo.InvariantCulture),
                },
            });
        }

        return new OpenApiHeaderReference(name, document);
    }
}
