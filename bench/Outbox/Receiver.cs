using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace ResourceShare.Bench.Outbox;

/// <summary>
/// The loopback webhook receiver: a Kestrel server on a free port with one path per endpoint (/w8/{index}). Each
/// request's signature is verified with its endpoint's secret (a wrong one is answered 401 and counted); a verified
/// one is recorded by its webhook-id with its lag, arrival minus the payload's timestamp, and answered 204.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication server;
    private readonly Route[] routes;

    private Receiver(WebApplication server, int endpoints)
    {
        this.server = server;
        routes = Enumerable.Range(0, endpoints).Select(_ => new Route()).ToArray();
    }

    public string BaseAddress { get; private set; } = "";

    public static async Task<Receiver> StartAsync(int endpoints)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new Receiver(builder.Build(), endpoints);
        receiver.server.MapPost("/w8/{index:int}", receiver.ReceiveAsync);
        await receiver.server.StartAsync();
        receiver.BaseAddress = receiver.server.Urls.Single();
        return receiver;
    }

    public string Url(int index) => $"{BaseAddress}/w8/{index}";

    public void Trust(int index, string secret) => routes[index].Webhook = new StandardWebhook(secret);

    /// <summary>How many distinct messages endpoint <paramref name="index"/> received.</summary>
    public int Delivered(int index)
    {
        var route = routes[index];
        lock (route)
        {
            return route.Lags.Count;
        }
    }

    /// <summary>The lags of the first arrival of every message, the redeliveries of a message already received, and the requests whose signature failed.</summary>
    public (IReadOnlyList<TimeSpan> Lags, int Duplicates, int Unverified) Totals()
    {
        var lags = new List<TimeSpan>();
        int duplicates = 0, unverified = 0;
        foreach (var route in routes)
        {
            lock (route)
            {
                lags.AddRange(route.Lags.Values);
                duplicates += route.Duplicates;
                unverified += route.Unverified;
            }
        }

        return (lags, duplicates, unverified);
    }

    public async ValueTask DisposeAsync()
    {
        await server.StopAsync();
        await server.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(int index, HttpContext context)
    {
        var arrival = DateTimeOffset.UtcNow;
        if (index < 0 || index >= routes.Length || routes[index].Webhook is not { } webhook)
        {
            return Results.NotFound();
        }

        var route = routes[index];
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        try
        {
            webhook.Verify(body, context.Request.Headers);
        }
        catch (Exception e) when (e is StandardWebhooks.Diagnostics.WebhookVerificationException or FormatException)
        {
            lock (route)
            {
                route.Unverified++;
            }

            return Results.Unauthorized();
        }

        using var payload = JsonDocument.Parse(body);
        var lag = arrival - payload.RootElement.GetProperty("timestamp").GetDateTimeOffset();
        var id = context.Request.Headers["webhook-id"].ToString();
        lock (route)
        {
            if (!route.Lags.TryAdd(id, lag))
            {
                route.Duplicates++;
            }
        }

        return Results.NoContent();
    }

    private sealed class Route
    {
        public StandardWebhook? Webhook { get; set; }

        public Dictionary<string, TimeSpan> Lags { get; } = [];

        public int Duplicates { get; set; }

        public int Unverified { get; set; }
    }
}
