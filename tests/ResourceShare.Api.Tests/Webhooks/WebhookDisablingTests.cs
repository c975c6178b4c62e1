using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Webhooks;

public sealed class WebhookDisablingTests(DisablingWebhookApp app) : IClassFixture<DisablingWebhookApp>
{
    [Fact]
    public async Task Endpoint_failing_again_and_again_is_disabled_its_association_notified_and_enabling_and_replay_deliver_the_message()
    {
        var failing = true;
        var hook = await app.CreateHookAsync(_ => Task.FromResult(failing ? Results.StatusCode(503) : Results.NoContent()));

        await app.CauseEventAsync(hook.AssociationId);
        var endpoint = await WaitForDisabledAsync(hook);

        Assert.Equal(3, endpoint.GetProperty("consecutiveFailures").GetInt32());
        Assert.Equal(JsonValueKind.String, endpoint.GetProperty("failingSince").ValueKind);
        var notice = Assert.Single(await ResourceShareApp.InboxAsync(hook.Owner.Client, hook.AssociationId), n => n.Str("kind") == "webhook_disabled");
        Assert.Equal(hook.Url, notice.GetProperty("data").Str("webhookUrl"));
        Assert.Contains(hook.Url, notice.Str("text"));
        var dead = await WebhookApp.WaitForMessageAsync(hook, "dead", TimeSpan.FromSeconds(30));
        Assert.Equal(3, dead.GetProperty("attempts").GetArrayLength());
        Assert.Equal(3, app.Receiver.Received(hook.Url).Count);
        await app.CauseEventAsync(hook.AssociationId);
        await Task.Delay(500);
        Assert.Single(await WebhookApp.LogAsync(hook));

        failing = false;
        var enabled = await hook.Owner.Client.PutAsJsonAsync(hook.Path, new { url = hook.Url, eventTypes = new[] { "report_decided" }, enabled = true });
        var body = await enabled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("enabled").GetBoolean());
        Assert.Equal(0, body.GetProperty("consecutiveFailures").GetInt32());
        var replay = await hook.Owner.Client.PostAsync($"{hook.Path}/messages/{dead.Str("id")}/replay", null);

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var delivered = await WebhookApp.WaitForMessageAsync(hook, "delivered");
        Assert.Equal(dead.Str("id"), delivered.Str("id"));
        var received = app.Receiver.Received(hook.Url);
        Assert.Equal(4, received.Count);
        Assert.All(received, r => Assert.Equal(dead.Str("id"), r.Id));
    }

    private static async Task<JsonElement> WaitForDisabledAsync(Hook hook)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var endpoint = await hook.Owner.Client.GetFromJsonAsync<JsonElement>(hook.Path);
            if (!endpoint.GetProperty("enabled").GetBoolean())
            {
                return endpoint;
            }

            Assert.True(DateTime.UtcNow < until, "the endpoint was not disabled in time");
            await Task.Delay(50);
        }
    }
}
