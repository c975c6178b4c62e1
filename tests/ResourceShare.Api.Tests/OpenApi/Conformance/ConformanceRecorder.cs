using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using ResourceShare.Api.OpenApi;

namespace ResourceShare.Api.Tests.OpenApi.Conformance;

/// <summary>
/// Makes every test that talks to the API a conformance test of its OpenAPI document: the outermost middleware of the
/// test host sees every request and its final answer (after the exception handler and the status code pages), records
/// its operation and status and checks it against the document (<see cref="OpenApiContract"/>). Every recorder of the
/// run is kept in <see cref="All"/>; <see cref="OpenApiConformanceTests"/> runs after every other test and fails on
/// what they found, naming the operation, the status and the offending response. The endpoints that tests add for
/// themselves (excluded from the description) are not checked.
/// </summary>
public sealed class ConformanceRecorder : IStartupFilter
{
    private const int MaxCapturedBytes = 4 * 1024 * 1024;

    /// <summary>
    /// One document per set of endpoints for the whole run: building it takes seconds, and the test hosts serve the
    /// same one unless a test adds described endpoints of its own.
    /// </summary>
    private static readonly ConcurrentDictionary<string, Lazy<Task<OpenApiContract>>> Contracts = new();

    private static readonly ConcurrentQueue<ConformanceRecorder> Recorders = new();

    private readonly ConcurrentDictionary<string, string> violations = new();
    private readonly ConcurrentDictionary<(string Operation, int Status), int> answers = new();

    public ConformanceRecorder(string host)
    {
        Host = host;
        Recorders.Enqueue(this);
    }

    /// <summary>The recorders of every test host of this run.</summary>
    public static IEnumerable<ConformanceRecorder> All => Recorders;

    /// <summary>The test host whose answers this recorder sees (its fixture type).</summary>
    public string Host { get; }

    /// <summary>How often each (operation, status) was answered so far.</summary>
    public IReadOnlyDictionary<(string Operation, int Status), int> Answers => answers;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(RecordAsync);
        next(app);
    };

    /// <summary>The answers so far that the document does not describe, each described once; forgets them.</summary>
    public IReadOnlyList<string> TakeViolations()
    {
        var taken = new List<string>();
        foreach (var key in violations.Keys)
        {
            if (violations.TryRemove(key, out var violation))
            {
                taken.Add(violation);
            }
        }

        return taken.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>An HttpContext item that marks a request whose answer a test deliberately never lets out: it is not checked.</summary>
    public const string NeverAnswered = "conformance:never-answered";

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Items.ContainsKey(NeverAnswered))
        {
            await next(context);
            return;
        }

        // Inner middleware wraps the body again (the body size limit); the buffered stream underneath keeps every byte read.
        Stream? requestBody = null;
        if (context.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            context.Request.EnableBuffering();
            requestBody = context.Request.Body;
        }

        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = new TeeStream(original, captured, MaxCapturedBytes);
        try
        {
            await next(context);
            // Headers written when the response starts (the RateLimit-* ones) are final only then.
            if (!context.Response.HasStarted)
            {
                await context.Response.StartAsync();
            }
        }
        finally
        {
            context.Response.Body = original;
        }

        // The exception handler clears the endpoint before it writes its problem, and keeps it in its feature.
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        if (endpoint is not RouteEndpoint route
            || endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true }
            || endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase) != true)
        {
            return;
        }

        var exchange = new Exchange(
            context.Request.Method,
            Template(route.RoutePattern),
            context.Request.Path + context.Request.QueryString,
            context.Response.StatusCode,
            context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            context.Response.ContentType,
            captured.ToArray(),
            context.Request.Query.Keys.ToHashSet(StringComparer.Ordinal),
            context.Request.Headers.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase),
            context.Request.ContentType,
            requestBody is not null && context.Response.StatusCode is >= 200 and < 300 ? await ReadAllAsync(requestBody) : null);
        answers.AddOrUpdate((exchange.Method + " " + exchange.Route, exchange.Status), 1, (_, count) => count + 1);
        IReadOnlyList<string> found;
        try
        {
            found = (await ContractAsync(context.RequestServices)).Check(exchange);
        }
        catch (Exception e) when (e is JsonSchemaException or JsonException or InvalidOperationException)
        {
            found = [$"{exchange.Method} {exchange.Route} answered {exchange.Status}: the conformance check itself failed: {e}"];
        }

        foreach (var violation in found)
        {
            violations.TryAdd(violation.Split('\n')[0], $"[host {Host}] {violation}");
        }
    }

    private static Task<OpenApiContract> ContractAsync(IServiceProvider services)
    {
        var endpoints = string.Join('\n', services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => $"{string.Join(',', e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}")
            .Order(StringComparer.Ordinal));
        return Contracts.GetOrAdd(endpoints, _ => new Lazy<Task<OpenApiContract>>(() => LoadAsync(services))).Value;

        static async Task<OpenApiContract> LoadAsync(IServiceProvider services)
        {
            var document = await services.GetRequiredKeyedService<IOpenApiDocumentProvider>(OpenApiSetup.DocumentName)
                .GetOpenApiDocumentAsync(CancellationToken.None);
            return new OpenApiContract(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1));
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream buffered)
    {
        buffered.Position = 0;
        using var copy = new MemoryStream();
        await buffered.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>"/api/v1/listings/{id:guid}" → "/api/v1/listings/{id}", as the document names paths.</summary>
    private static string Template(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

    /// <summary>Writes through to the response and keeps a copy of the first bytes.</summary>
    private sealed class TeeStream(Stream inner, MemoryStream copy, int limit) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            var room = limit - (int)copy.Length;
            if (room > 0)
            {
                copy.Write(bytes[..Math.Min(room, bytes.Length)]);
            }
        }
    }
}
