using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Http;

/// <summary>Builds problem responses; every one passes through <see cref="Customize"/> on its way out.</summary>
public static class Problems
{
    public static ProblemHttpResult Of(ProblemType type, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(new ProblemDetails
        {
            Type = type.Uri,
            Title = type.Title.ToString(),
            Status = type.Status,
            Detail = detail ?? type.Detail.ToString(),
            Extensions = extensions ?? new Dictionary<string, object?>(),
        });

    /// <summary>The answer to a store's refusal: 404, 403, 403 association-suspended or 412.</summary>
    public static ProblemHttpResult Of(Refusal refusal) => Of(refusal switch
    {
        Refusal.Forbidden => ProblemType.Forbidden,
        Refusal.Suspended => ProblemType.AssociationSuspended,
        Refusal.VersionMismatch => ProblemType.PreconditionFailed,
        Refusal.NotFound => ProblemType.NotFound,
    });

    /// <summary>A write on behalf of an association by a user who belongs to several associations or none, without associationId.</summary>
    public static ValidationProblem AssociationRequired() =>
        Validation(new Dictionary<string, string[]> { ["associationId"] = [AssociationRequiredText.ToString()] });

    private static readonly UserText AssociationRequiredText = new(
        "Say for which association (associationId); you belong to several or none.",
        "Geben Sie an, für welchen Verein (associationId); Sie gehören zu mehreren oder keinem.");

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(
            errors,
            detail: ProblemType.Validation.Detail.ToString(),
            title: ProblemType.Validation.Title.ToString(),
            type: ProblemType.Validation.Uri);

    /// <summary>
    /// Gives every problem response — ours, the framework's (routing 404/405, status code pages) and the
    /// exception handler's — a stable type, a title and detail in the caller's language, and the trace id.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        if (problem.Type is null || !problem.Type.StartsWith("urn:resourceshare:", StringComparison.Ordinal))
        {
            var type = ProblemType.ForStatus(status);
            problem.Type = type.Uri;
            problem.Title = type.Title.ToString();
            problem.Detail = type.Detail.ToString();
        }

        problem.Instance ??= context.HttpContext.Request.Path;
        problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
    }
}
