using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ResourceShare.Api.Http;

/// <summary>
/// Writes every problem as application/problem+json, whatever the request's Accept header asks for. The
/// framework's writer declines requests that do not accept JSON (Accept: text/html), and then 404/405 came
/// back as text/plain, exceptions and bad bodies as empty responses, and validation problems without traceId.
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<JsonOptions> jsonOptions)
    : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        var problem = context.ProblemDetails;
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(
            problem,
            jsonOptions.Value.SerializerOptions.GetTypeInfo(problem.GetType()),
            contentType: "application/problem+json"));
    }
}
