using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace ResourceShare.Api.Tests.Webhooks;

/// <summary>One request the receiver got: its webhook headers, its body, when it came, and whether its signature verified.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, TimeSpan At, bool Verified);

/// <summary>
/// A webhook receiver on a real Kestrel server on a free loopback port. Each test takes a path of its own, with the
/// answer the receiver gives to the n-th request on it (by default 204) and the secret it verifies signatures with.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication server;
    private readonly ConcurrentDictionary<string, Route> routes = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();

    private WebhookReceiver(WebApplication server) => this.server = server;

    public string BaseAddress { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        receiver.server.MapPost("/{**path}", (Delegate)receiver.ReceiveAsync);
        await receiver.server.StartAsync();
        receiver.BaseAddress = receiver.server.Urls.Single();
        return receiver;
    }

    /// <summary>A new path whose n-th request (from 1) gets <paramref name="answer"/>'s result; returns its URL.</summary>
    public string NewUrl(Func<int, Task<IResult>>? answer = null)
    {
        var path = "/hooks/" + Guid.NewGuid().ToString("N");
        routes[path] = new Route(answer ?? (_ => Task.FromResult(Results.NoContent())));
        return BaseAddress + path;
    }

    /// <summary>The secret the receiver verifies the signatures on <paramref name="url"/>'s path with, if the path is one of its own.</summary>
    public void Trust(string url, string secret)
    {
        if (routes.TryGetValue(new Uri(url).AbsolutePath, out var route))
        {
            route.Secret = secret;
        }
    }

    /// <summary>What the path of <paramref name="url"/> received (whatever host name the URL uses for the receiver).</summary>
    public IReadOnlyList<ReceivedWebhook> Received(string url)
    {
        var route = routes[new Uri(url).AbsolutePath];
        lock (route.Received)
        {
            return route.Received.ToList();
        }
    }

    /// <summary>Waits until <paramref name="url"/> got at least <paramref name="count"/> requests.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string url, int count, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (Received(url).Count < count)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{url} received {Received(url).Count} of {count} webhooks.");
            }

            await Task.Delay(20);
        }

        return Received(url);
    }

    public async ValueTask DisposeAsync()
    {
        await server.StopAsync();
        await server.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        if (!routes.TryGetValue(context.Request.Path, out var route))
        {
            return Results.NotFound();
        }

        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers;
        var verified = false;
        if (route.Secret is { } secret)
        {
            try
            {
                new StandardWebhook(secret).Verify(body, headers);
                verified = true;
            }
            catch (Exception e) when (e is StandardWebhooks.Diagnostics.WebhookVerificationException or FormatException)
            {
                verified = false;
            }
        }

        int n;
        lock (route.Received)
        {
            route.Received.Add(new ReceivedWebhook(
                headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(), headers["webhook-signature"].ToString(), body, clock.Elapsed,
                verified));
            n = route.Received.Count;
        }

        return await route.Answer(n);
    }

    private sealed class Route(Func<int, Task<IResult>> answer)
    {
        public Func<int, Task<IResult>> Answer { get; } = answer;

        public string? Secret { get; set; }

        public List<ReceivedWebhook> Received { get; } = [];
    }
}
