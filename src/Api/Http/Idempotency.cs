using System.Globalization;
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
/// Idempotency-Key on POSTs that create or accept: the same key with the same request replays the first successful
/// answer (with Idempotent-Replayed: true); the same key with another request is a 422; a key whose first
/// request is still running is a 409 with Retry-After. Keys belong to the caller and are kept for 24 hours. The
/// request's writes and its answer are committed together (<see cref="IdempotentRequest"/>), so a request
/// interrupted anywhere has either happened with its answer kept, or not at all. Answers that are not a success
/// are not kept and their writes are rolled back, so a corrected request may reuse its key.
/// </summary>
public static class Idempotency
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>How long a client should wait before retrying while the first request with its key still runs.</summary>
    public const int InFlightRetryAfterSeconds = 1;

    private static readonly UserText KeyReused = new(
        "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
        "Dieser Idempotency-Key wurde bereits für eine andere Anfrage verwendet. Verwenden Sie für eine neue Anfrage einen neuen Schlüssel.");
    private static readonly UserText InFlight = new(
        "A request with this Idempotency-Key is still being processed; retry in a moment.",
        "Eine Anfrage mit diesem Idempotency-Key wird noch verarbeitet; versuchen Sie es gleich erneut.");
    private static readonly UserText BadKey = new(
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
        var fingerprint = await FingerprintAsync(http.Request, ct);

        if (await EarlierAnswerAsync(store, http, principal, key, fingerprint, ct) is { } earlier)
        {
            return earlier;
        }

        await using (var request = store.Begin(principal, key, fingerprint))
        {
            try
            {
                var result = await request.RunAsync(() => next(invocation));
                if (Unwrap(result) is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success and IValueHttpResult { Value: { } value })
                {
                    var options = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
                    await request.CompleteAsync(new StoredResponse(
                        success.StatusCode!.Value,
                        success.GetType().GetProperty("Location")?.GetValue(success) as string,
                        http.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null,
                        JsonSerializer.Serialize(value, value.GetType(), options)), ct);
                }

                return result;
            }
            catch (IdempotencyKeyBusyException)
            {
                // Falls through once the request's transaction is rolled back and its connection returned.
            }
        }

        if (await EarlierAnswerAsync(store, http, principal, key, fingerprint, ct) is { } answered)
        {
            return answered;
        }

        http.Response.Headers.RetryAfter = InFlightRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Of(ProblemType.Conflict, InFlight.ToString());
    }

    /// <summary>The answer a request with this key already got (replayed), or a 422 if the key was used for another request.</summary>
    private static async Task<IResult?> EarlierAnswerAsync(
        IdempotencyStore store, HttpContext http, string principal, string key, byte[] fingerprint, CancellationToken ct)
    {
        switch (await store.LookupAsync(principal, key, fingerprint, ct))
        {
            case KeyState.Answered { Response: var response }:
                http.Response.Headers[ReplayedHeaderName] = "true";
                if (response.Location is { } location)
                {
                    http.Response.Headers.Location = location;
                }

                if (response.ETag is { } etag)
                {
                    http.Response.Headers.ETag = etag;
                }

                return TypedResults.Content(response.Body, "application/json; charset=utf-8", Encoding.UTF8, response.Status);
            case KeyState.Mismatch:
                return Problems.Of(ProblemType.Unprocessable, KeyReused.ToString());
            default:
                return null;
        }
    }

    private static object? Unwrap(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
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
