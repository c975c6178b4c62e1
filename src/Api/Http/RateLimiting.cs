using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ResourceShare.Api.Http;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Requests one client (its address; later its principal) may make per window.</summary>
    public int PermitLimit { get; set; } = 600;

    public int WindowSeconds { get; set; } = 60;
}

/// <summary>
/// Fixed-window request limit per client, announced on every response with the RateLimit-Limit,
/// RateLimit-Remaining and RateLimit-Reset headers; a client over the limit gets 429 with Retry-After.
/// Counters live in this process: with several instances each enforces the limit on its share of traffic.
/// </summary>
public sealed class RateLimitMiddleware : IDisposable
{
    private readonly RequestDelegate next;
    private readonly RateLimitOptions options;
    private readonly PartitionedRateLimiter<HttpContext> limiter;

    public RateLimitMiddleware(RequestDelegate next, IOptions<RateLimitOptions> options)
    {
        this.next = next;
        this.options = options.Value;
        limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetFixedWindowLimiter(
                PartitionKey(context),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = this.options.PermitLimit,
                    Window = TimeSpan.FromSeconds(this.options.WindowSeconds),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
    }

    /// <summary>Health probes are exempt: an orchestrator must always learn whether an instance is up.</summary>
    public static bool AppliesTo(PathString path) => !path.StartsWithSegments("/health");

    public async Task InvokeAsync(HttpContext context)
    {
        if (!AppliesTo(context.Request.Path))
        {
            await next(context);
            return;
        }

        using var lease = limiter.AttemptAcquire(context);
        var remaining = limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0;
        // Written when the response starts rather than now: the exception handler clears the headers of a response
        // it turns into a problem (a binding failure, a 503), and those answers are rate limited too.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers["RateLimit-Limit"] = options.PermitLimit.ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Reset"] = options.WindowSeconds.ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });

        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                ? (int)Math.Ceiling(wait.TotalSeconds)
                : options.WindowSeconds;
            context.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString(CultureInfo.InvariantCulture);
            await Problems.Of(ProblemType.TooManyRequests).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    public void Dispose() => limiter.Dispose();

    private static string PartitionKey(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
