using Microsoft.AspNetCore.Http.HttpResults;
using ResourceShare.Api.Http;
using ResourceShare.Api.OpenApi;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Health;

public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string> Checks);

public static class HealthEndpoints
{
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health")
            .WithTag("Health", "Probes for orchestrators and load balancers; not rate limited.")
            .AllowAnonymous();

        group.MapGet("/live", Live)
            .WithName("GetLiveness")
            .WithSummary("Is the process up?")
            .WithDescription("Answers 200 as long as the process serves HTTP; it does not touch the database.");

        group.MapGet("/ready", ReadyAsync)
            .WithName("GetReadiness")
            .WithSummary("Can this instance serve requests?")
            .WithDescription("200 when the database is reachable and every migration is applied; 503 otherwise.");

        return app;
    }

    private static Ok<HealthResponse> Live() =>
        TypedResults.Ok(new HealthResponse("live", new Dictionary<string, string>()));

    private static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> ReadyAsync(
        Migrator migrator, HttpContext httpContext, ILogger<Migrator> logger, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ReadinessTimeout);
        string database;
        try
        {
            var pending = await migrator.PendingCountAsync(timeout.Token);
            if (pending == 0)
            {
                return TypedResults.Ok(new HealthResponse("ready", new Dictionary<string, string> { ["database"] = "ok", ["migrations"] = "applied" }));
            }

            database = $"{pending} migration(s) pending";
        }
        catch (MigrationChecksumException e)
        {
            database = $"migration {e.FileName} differs from the applied one";
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Readiness check could not reach the database");
            database = "unreachable";
        }

        httpContext.Response.Headers.RetryAfter = ApiExceptionHandler.DatabaseRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // No "status": "not_ready" extension: a problem's "status" is its HTTP status code, and a second member of
        // that name made the body invalid for strict JSON readers.
        return Problems.Of(ProblemType.Unavailable, database);
    }
}
