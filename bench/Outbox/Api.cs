using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ResourceShare.Bench.Outbox;

/// <summary>
/// One bulk match of the benchmark data: its requester writes to it with its key, and its provider, whose key has
/// webhooks:write, receives the message_received events on an endpoint of its own.
/// </summary>
public sealed record Target(Guid MatchId, string RequesterKey, Guid ProviderId, string ProviderKey);

/// <summary>The API calls of W8: endpoints registered and deleted with the provider's key, messages written with the requester's.</summary>
public sealed class Api(HttpClient client)
{
    /// <summary>The path all of W8's endpoint URLs share: endpoints left behind by an interrupted run are recognised by it.</summary>
    public const string ReceiverPath = "/w8/";

    /// <summary>Deletes the provider's endpoints that an earlier run of W8 left behind (they point at a receiver that is gone).</summary>
    public async Task DeleteLeftoversAsync(Target target)
    {
        var list = await SendAsync(HttpMethod.Get, $"/api/v1/associations/{target.ProviderId}/webhooks", target.ProviderKey, null, HttpStatusCode.OK);
        foreach (var item in list!.RootElement.GetProperty("items").EnumerateArray())
        {
            var url = new Uri(item.GetProperty("url").GetString()!);
            if (url.IsLoopback && url.AbsolutePath.StartsWith(ReceiverPath, StringComparison.Ordinal))
            {
                await DeleteAsync(target, item.GetProperty("id").GetGuid());
            }
        }
    }

    /// <summary>Adds an endpoint for the provider's message_received events; returns its id and signing secret.</summary>
    public async Task<(Guid Id, string Secret)> RegisterAsync(Target target, string url)
    {
        using var created = await SendAsync(HttpMethod.Post, $"/api/v1/associations/{target.ProviderId}/webhooks", target.ProviderKey,
            new { url, eventTypes = new[] { "message_received" } }, HttpStatusCode.Created);
        var root = created!.RootElement;
        return (root.GetProperty("webhook").GetProperty("id").GetGuid(), root.GetProperty("secret").GetString()!);
    }

    public async Task DeleteAsync(Target target, Guid webhookId) =>
        await SendAsync(HttpMethod.Delete, $"/api/v1/associations/{target.ProviderId}/webhooks/{webhookId}", target.ProviderKey, null, HttpStatusCode.NoContent);

    /// <summary>Writes a message from the requester to the provider: one message_received event. Returns the status code (0: no answer).</summary>
    public async Task<int> PostMessageAsync(Target target, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/matches/{target.MatchId}/messages")
        {
            Content = JsonContent.Create(new { body }),
        };
        request.Headers.Add("X-Api-Key", target.RequesterKey);
        try
        {
            using var response = await client.SendAsync(request);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
        catch (TaskCanceledException)
        {
            return 0;
        }
    }

    private async Task<JsonDocument?> SendAsync(HttpMethod method, string path, string key, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", key);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? null : JsonDocument.Parse(text);
    }
}
