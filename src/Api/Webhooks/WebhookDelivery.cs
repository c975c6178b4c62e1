using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ResourceShare.Infrastructure.Webhooks;
using StandardWebhooks;

namespace ResourceShare.Api.Webhooks;

/// <summary>
/// Sends one webhook message: checks the target's addresses, signs the payload (Standard Webhooks: webhook-id,
/// webhook-timestamp, webhook-signature) and posts it, connecting only to the addresses just checked, so that a name
/// that changes between the check and the connection (DNS rebinding) cannot lead elsewhere. Redirects are not
/// followed; a 2xx answer within the timeout is a delivery, everything else a failure.
/// </summary>
public sealed class WebhookDelivery : IDisposable
{
    public const string SecretPrefix = "whsec_";

    private static readonly HttpRequestOptionsKey<IPAddress[]> CheckedAddresses = new("ResourceShare.Webhooks.CheckedAddresses");

    private readonly WebhookTargets targets;
    private readonly WebhookSettings settings;
    private readonly HttpClient client;

    public WebhookDelivery(WebhookTargets targets, WebhookSettings settings)
    {
        this.targets = targets;
        this.settings = settings;
        client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = settings.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectAsync,
        })
        {
            Timeout = settings.Timeout,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("ResourceShare-Webhooks/1.0");
    }

    /// <summary>A new signing secret: whsec_ and 32 random bytes in base64, the form Standard Webhooks libraries read.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The webhook-signature header of a message: v1 and the HMAC-SHA256 of id, timestamp and payload under the secret.</summary>
    public static string Sign(string secret, string messageId, DateTimeOffset timestamp, string payload) =>
        new StandardWebhook(Convert.FromBase64String(secret[SecretPrefix.Length..])).Sign(messageId, timestamp, payload);

    public async Task<WebhookOutcome> SendAsync(ClaimedWebhookMessage message, CancellationToken ct)
    {
        var attemptedAt = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        var url = new Uri(message.Url);
        var target = await targets.CheckAsync(url, ct);
        if (target.Refusal is { } refusal)
        {
            return new WebhookOutcome(attemptedAt, null, watch.Elapsed, "Not sent: " + refusal);
        }

        var timestamp = DateTimeOffset.UtcNow;
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(message.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", message.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", Sign(message.Secret, message.Id, timestamp, message.Payload));
        request.Options.Set(CheckedAddresses, target.Addresses);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            var error = status is >= 300 and <= 399 ? $"Redirect to {response.Headers.Location} not followed." : null;
            return new WebhookOutcome(attemptedAt, status, watch.Elapsed, error);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new WebhookOutcome(attemptedAt, null, watch.Elapsed, $"No answer within {settings.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            return new WebhookOutcome(attemptedAt, null, watch.Elapsed, e.InnerException?.Message ?? e.Message);
        }
    }

    public void Dispose() => client.Dispose();

    /// <summary>Connects to one of the addresses checked for this request; a connection without them checks the host itself.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        if (!context.InitialRequestMessage.Options.TryGetValue(CheckedAddresses, out var addresses))
        {
            var target = await targets.CheckAsync(new UriBuilder("https", context.DnsEndPoint.Host).Uri, ct);
            addresses = target.Refusal is null ? target.Addresses : throw new HttpRequestException(target.Refusal);
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
