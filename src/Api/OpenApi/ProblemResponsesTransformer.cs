using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using ResourceShare.Api.Http;

namespace ResourceShare.Api.OpenApi;

/// <summary>
/// Documents every status an operation can answer, with its problem body, from what the endpoint is and declares
/// rather than per endpoint:
/// <list type="bullet">
/// <item>what the pipeline answers anywhere: 400 (an API key in the URL is refused on every path), 401 (two
/// credentials in one request), 429 where the rate limit applies (RateLimitMiddleware.AppliesTo), 500 and 503;</item>
/// <item>what follows from the endpoint's shape: 413 and 415 with a body, 403 when credentials are required,
/// 404 with route parameters, 412 with an If-Match header, 409 and 422 when it honours Idempotency-Key;</item>
/// <item>what the endpoint declares: its typed results (NotFound, Conflict&lt;ProblemDetails&gt; …) and
/// <see cref="AnswersProblemExtensions.AnswersProblem{TBuilder}"/> for the other answers of its handler.</item>
/// </list>
/// Every status from 400 up gets <c>application/problem+json</c> with the schema of its status
/// (<see cref="ProblemSchemaOf"/>), which declares the extension members such problems carry. The test suite fails on
/// any answer whose status an operation does not document.
/// </summary>
internal sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    private const string ProblemContentType = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("Operation transformers run inside a document.");
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var idempotent = metadata.OfType<Idempotency.Honoured>().Any();
        var responses = operation.Responses ?? [];
        var declared = metadata.OfType<ProblemAnswer>().ToList();
        foreach (var status in ImpliedStatuses(operation, RateLimitMiddleware.AppliesTo("/" + context.Description.RelativePath), idempotent)
                     .Concat(declared.Select(d => d.Status)))
        {
            responses.TryAdd(status.ToString(CultureInfo.InvariantCulture), new OpenApiResponse());
        }

        operation.Responses = [];
        foreach (var (code, response) in responses.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            operation.Responses[code] = response;
            if (response is not OpenApiResponse concrete || !int.TryParse(code, CultureInfo.InvariantCulture, out var status) || status < 400)
            {
                continue;
            }

            var answers = declared.Where(d => d.Status == status).Select(d => d.Description).ToList();
            if (answers.Count > 0)
            {
                concrete.Description = string.Join(" ", answers);
            }
            else if (string.IsNullOrEmpty(concrete.Description) || concrete.Description == ReasonPhrases.GetReasonPhrase(status))
            {
                concrete.Description = DescriptionOf(status);
            }

            if (idempotent && IdempotencyNotes.TryGetValue(status, out var note))
            {
                concrete.Description += " " + note;
            }

            var (type, id) = ProblemSchemaOf(status);
            concrete.Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemContentType] = new() { Schema = await SchemaReferenceAsync(type, id, context, document, cancellationToken) },
            };
        }
    }

    /// <summary>The problem body of a status: what its problems may carry beyond the members every problem has.</summary>
    public static (Type Type, string Id) ProblemSchemaOf(int status) => status switch
    {
        400 => (typeof(InputProblemDetails), ProblemSchemaTransformer.ValidationProblemDetailsId),
        409 => (typeof(ConflictProblemDetails), nameof(ConflictProblemDetails)),
        422 => (typeof(UnprocessableProblemDetails), nameof(UnprocessableProblemDetails)),
        429 => (typeof(TooManyRequestsProblemDetails), nameof(TooManyRequestsProblemDetails)),
        _ => (typeof(ProblemDetails), nameof(ProblemDetails)),
    };

    private static readonly Dictionary<int, string> IdempotencyNotes = new()
    {
        [409] = "Also when a request with the same Idempotency-Key is still being processed: retry after Retry-After.",
        [422] = "Also when the Idempotency-Key was used before for a different request: use a new key for a new request.",
    };

    private static IEnumerable<int> ImpliedStatuses(OpenApiOperation operation, bool rateLimited, bool idempotent)
    {
        var hasBody = operation.RequestBody is not null;
        yield return 400;

        // Two credentials in one request are refused on every endpoint, public ones included.
        yield return 401;
        if (SecurityTransformer.RequiresCredentials(operation))
        {
            yield return 403;
        }

        if (operation.Parameters?.Any(p => p.In == ParameterLocation.Path) == true)
        {
            yield return 404;
        }

        if (idempotent)
        {
            yield return 409;
            yield return 422;
        }

        if (operation.Parameters?.Any(p => p is { In: ParameterLocation.Header, Name: HeadersTransformer.IfMatch }) == true)
        {
            yield return 412;
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
                "to messages; " + ProblemType.MalformedJson.Uri + " for a body that is not JSON; " + ProblemType.BadRequest.Uri +
                " for a request the API refuses as a whole, such as one with an API key in the URL.";
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
}

/// <summary>A problem an endpoint's handler answers with, and when (endpoint metadata for the OpenAPI document).</summary>
public sealed record ProblemAnswer(int Status, string Description);

public static class AnswersProblemExtensions
{
    /// <summary>
    /// Declares a problem the handler answers with and when, in a sentence for integrators: the OpenAPI document lists
    /// the status with this description and the problem schema of its status. Several declarations of one status are
    /// joined.
    /// </summary>
    public static TBuilder AnswersProblem<TBuilder>(this TBuilder builder, int status, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProblemAnswer(status, description));
}
