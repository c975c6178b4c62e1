using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Idempotency;

namespace ResourceShare.Api.Http;

/// <summary>
/// Idempotency-Key on POSTs that create: the same key with the same request replays the first successful
/// answer (with Idempotent-Replayed: true); the same key with another request is a 422; a key whose first
/// request is still running is a 409. Keys belong to the caller and are kept for 24 hours. Answers that
/// are not a success are not kept, so a corrected request may reuse its key.
/// </summary>
public static class Idempotency
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    private static readonly Msg KeyReused = new(
        "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
        "Dieser Idempotency-Key wurde bereits für eine andere Anfrage verwendet. Verwenden Sie für eine neue Anfrage einen neuen Schlüssel.");
    private static readonly Msg InFlight = new(
        "A request with this Idempotency-Key is still being processed; retry in a moment.",
        "Eine Anfrage mit diesem Idempotency-Key wird noch verarbeitet; versuchen Sie es gleich erneut.");
    private static readonly Msg BadKey = new(
        $"Use 1 to {MaxKeyLength} visible ASCII characters, e.g. a UUID.",
        $"Verwenden Sie 1 bis {MaxKeyLength} sichtbare ASCII-Zeichen, z. B. eine UUID.");

    /// <summary>Marks the endpoint as honouring Idempotency-Key.</summary>
    public static TBuilder WithIdempotency<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(Honoured.Instance);
        builder.AddEndpointFilter(InvokeAsync);
        return builder;
    }

    /// <summary>Keeps the body of idempotent requests readable after binding, to fingerprint it.</summary>
    public static IApplicationBuilder UseIdempotencyBuffering(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.ContainsKey(HeaderName) && context.GetEndpoint()?.Metadata.GetMetadata<Honoured>() is not null)
            {
                context.Request.EnableBuffering();
            }

            await next(context);
        });

    private static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var key = http.Request.Headers[HeaderName].ToString();
        if (key.Length == 0)
        {
            return await next(invocation);
        }

        if (key.Length > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            return Problems.Validation(new Dictionary<string, string[]> { [HeaderName] = [BadKey.ToString()] });
        }

        var services = http.RequestServices;
        var store = services.GetRequiredService<IdempotencyStore>();
        var caller = services.GetRequiredService<Caller>();
        var principal = caller.UserId is { } userId ? "user:" + userId : caller.ApiKeyId is { } keyId ? "key:" + keyId : "anonymous";
        var ct = http.RequestAborted;

        switch (await store.ClaimAsync(principal, key, await FingerprintAsync(http.Request, ct), ct))
        {
            case Claim.Replay replay:
                http.Response.Headers[ReplayedHeaderName] = "true";
                if (replay.Response.Location is { } location)
                {
                    http.Response.Headers.Location = location;
                }

                if (replay.Response.ETag is { } etag)
                {
                    http.Response.Headers.ETag = etag;
                }

                return TypedResults.Content(replay.Response.Body, "application/json; charset=utf-8", Encoding.UTF8, replay.Response.Status);
            case Claim.Mismatch:
                return Problems.Of(ProblemType.Unprocessable, KeyReused.ToString());
            case Claim.InFlight:
                return Problems.Of(ProblemType.Conflict, InFlight.ToString());
        }

        object? result;
        try
        {
            result = await next(invocation);
        }
        catch
        {
            await store.ReleaseAsync(principal, key, CancellationToken.None);
            throw;
        }

        var inner = result;
        while (inner is INestedHttpResult nested)
        {
            inner = nested.Result;
        }

        if (inner is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success and IValueHttpResult { Value: { } value })
        {
            var options = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            await store.CompleteAsync(principal, key, new StoredResponse(
                success.StatusCode!.Value,
                inner.GetType().GetProperty("Location")?.GetValue(inner) as string,
                http.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null,
                JsonSerializer.Serialize(value, value.GetType(), options)), ct);
        }
        else
        {
            await store.ReleaseAsync(principal, key, ct);
        }

        return result;
    }

    private static async Task<byte[]> FingerprintAsync(HttpRequest request, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(request.Method + " " + request.Path + "\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var buffer = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Endpoint metadata: the endpoint honours Idempotency-Key (the OpenAPI document describes the header and its answers).</summary>
    public sealed class Honoured
    {
        public static readonly Honoured Instance = new();

        private Honoured()
        {
        }
    }
}
