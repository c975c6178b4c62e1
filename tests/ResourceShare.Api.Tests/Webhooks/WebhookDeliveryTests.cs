using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Webhooks;

public sealed class WebhookDeliveryTests(WebhookApp app) : IClassFixture<WebhookApp>
{
    [Fact]
    public async Task Proposal_through_the_api_reaches_the_receiver_signed_with_the_endpoint_secret()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var hook = await app.AddHookAsync(parties.Provider.Owner, parties.Provider.AssociationId, app.Receiver.NewUrl(), "proposal_received");

        var match = await app.ProposeAsync(parties);

        var received = Assert.Single(await app.Receiver.WaitForAsync(hook.Url, 1));
        Assert.True(received.Verified, "the signature verifies with the StandardWebhooks package and the endpoint's secret");
        Assert.StartsWith("msg_", received.Id);
        Assert.StartsWith("v1,", received.Signature);
        Assert.InRange(long.Parse(received.Timestamp, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var payload = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal("proposal_received", payload.Str("type"));
        Assert.True(payload.GetProperty("timestamp").TryGetDateTimeOffset(out _));
        var data = payload.GetProperty("data");
        Assert.Equal(match.Id(), data.GetProperty("matchId").GetGuid());
        Assert.Equal(parties.Provider.AssociationId, data.GetProperty("associationId").GetGuid());
        Assert.Equal(parties.OfferId, data.GetProperty("listingId").GetGuid());
        Assert.Equal(match.GetProperty("requester").Str("name"), data.GetProperty("details").Str("counterpartName"));

        var message = await WebhookApp.WaitForMessageAsync(hook, "delivered");
        Assert.Equal(received.Id, message.Str("id"));
        Assert.Equal(JsonSerializer.Serialize(payload), JsonSerializer.Serialize(message.GetProperty("payload")));
        var attempt = Assert.Single(message.GetProperty("attempts").EnumerateArray());
        Assert.Equal(204, attempt.GetProperty("statusCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Only_the_chosen_event_types_are_sent()
    {
        var hook = await app.CreateHookAsync(null, "proposal_received");

        await app.CauseEventAsync(hook.AssociationId);
        await Task.Delay(1000);

        Assert.Empty(app.Receiver.Received(hook.Url));
        Assert.Empty(await WebhookApp.LogAsync(hook));
    }

    [Fact]
    public async Task Failing_receiver_is_retried_with_growing_delays_and_the_message_is_dead_after_the_retry_window()
    {
        var hook = await app.CreateHookAsync(_ => Task.FromResult(Results.StatusCode(500)));

        await app.CauseEventAsync(hook.AssociationId);
        var dead = await WebhookApp.WaitForMessageAsync(hook, "dead", TimeSpan.FromSeconds(30));
        await Task.Delay(500);

        var received = app.Receiver.Received(hook.Url);
        Assert.True(received.Count >= 4, $"{received.Count} attempts in the retry window");
        Assert.All(received, r => Assert.Equal(received[0].Id, r.Id));
        Assert.All(received, r => Assert.True(r.Verified));
        var gaps = received.Zip(received.Skip(1), (a, b) => b.At - a.At).ToList();
        for (var i = 0; i < gaps.Count; i++)
        {
            // The k-th pause is at least half of base · 2^(k-1) (jitter takes up to half), capped at 1.6 s.
            var least = Math.Min(WebhookApp.RetryBase.TotalSeconds * Math.Pow(2, i), 1.6) / 2;
            Assert.True(gaps[i].TotalSeconds >= least - 0.02, $"pause {i + 1} was {gaps[i].TotalSeconds:0.000} s, less than {least} s");
        }

        Assert.True(gaps[^1] > gaps[0], $"pauses grow: {string.Join(", ", gaps.Select(g => g.TotalSeconds.ToString("0.000")))}");
        // The last retry is due within the window; it starts once a sender next looks (every 50 ms here).
        Assert.True(received[^1].At - received[0].At < WebhookApp.RetryWindow + TimeSpan.FromSeconds(1), "no attempt long after the retry window");
        var attempts = dead.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(received.Count, attempts.Count);
        Assert.Equal(received.Count, dead.GetProperty("attemptCount").GetInt32());
        Assert.All(attempts, a => Assert.Equal(500, a.GetProperty("statusCode").GetInt32()));
        Assert.Equal(JsonValueKind.Null, dead.GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal(JsonValueKind.String, dead.GetProperty("finishedAt").ValueKind);
    }

    [Fact]
    public async Task Replay_sends_the_message_again_with_the_same_webhook_id()
    {
        var hook = await app.CreateHookAsync();
        await app.CauseEventAsync(hook.AssociationId);
        var delivered = await WebhookApp.WaitForMessageAsync(hook, "delivered");

        var response = await hook.Owner.Client.PostAsync($"{hook.Path}/messages/{delivered.Str("id")}/replay", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var received = await app.Receiver.WaitForAsync(hook.Url, 2);
        Assert.Equal(received[0].Id, received[1].Id);
        Assert.Equal(received[0].Body, received[1].Body);
        Assert.True(received[1].Verified);
        await WaitForAttemptsAsync(hook, 2);
    }

    [Fact]
    public async Task Redirect_is_not_followed_and_fails_the_attempt()
    {
        var elsewhere = app.Receiver.NewUrl();
        var hook = await app.CreateHookAsync(n => Task.FromResult(n == 1 ? Results.Redirect(elsewhere) : Results.Ok()));

        await app.CauseEventAsync(hook.AssociationId);
        var message = await WebhookApp.WaitForMessageAsync(hook, "delivered");

        Assert.Empty(app.Receiver.Received(elsewhere));
        var attempts = message.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(302, attempts[0].GetProperty("statusCode").GetInt32());
        Assert.Contains("not followed", attempts[0].Str("error"));
        Assert.Equal(200, attempts[1].GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task Receiver_that_answers_too_late_fails_the_attempt()
    {
        var hook = await app.CreateHookAsync(async n =>
        {
            if (n == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
            }

            return Results.NoContent();
        });

        await app.CauseEventAsync(hook.AssociationId);
        var message = await WebhookApp.WaitForMessageAsync(hook, "delivered");

        var attempts = message.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(JsonValueKind.Null, attempts[0].GetProperty("statusCode").ValueKind);
        Assert.Contains("No answer within 1 s", attempts[0].Str("error"));
        Assert.InRange(attempts[0].GetProperty("durationMs").GetInt32(), 900, 2900);
        Assert.Equal(204, attempts[1].GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task Rotated_secret_signs_the_next_message_and_the_old_one_no_longer_verifies()
    {
        var hook = await app.CreateHookAsync();

        var rotated = await hook.Owner.Client.PostAsync($"{hook.Path}/secret", null);
        var secret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).Str("secret");
        await app.CauseEventAsync(hook.AssociationId);
        var received = Assert.Single(await app.Receiver.WaitForAsync(hook.Url, 1));

        Assert.NotEqual(hook.Secret, secret);
        Assert.StartsWith("whsec_", secret);
        Assert.False(received.Verified, "the old secret no longer verifies");
        app.Receiver.Trust(hook.Url, secret);
        var replayed = await hook.Owner.Client.PostAsync($"{hook.Path}/messages/{received.Id}/replay", null);
        replayed.EnsureSuccessStatusCode();
        Assert.True((await app.Receiver.WaitForAsync(hook.Url, 2))[1].Verified);
    }

    [Fact]
    public async Task Delivery_log_is_cursor_paged_newest_first()
    {
        var hook = await app.CreateHookAsync();
        for (var i = 0; i < 3; i++)
        {
            await app.CauseEventAsync(hook.AssociationId, $$"""{"reason": "{{i}}"}""");
        }

        await app.Receiver.WaitForAsync(hook.Url, 3);

        var first = await hook.Owner.Client.GetFromJsonAsync<JsonElement>($"{hook.Path}/messages?limit=2");
        var rest = await hook.Owner.Client.GetFromJsonAsync<JsonElement>($"{hook.Path}/messages?limit=2&cursor={first.Str("nextCursor")}");
        var reasons = first.GetProperty("items").EnumerateArray().Concat(rest.GetProperty("items").EnumerateArray())
            .Select(m => m.GetProperty("payload").GetProperty("data").GetProperty("details").Str("reason")).ToList();
        Assert.Equal(["2", "1", "0"], reasons);
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("nextCursor").ValueKind);
    }

    private static async Task WaitForAttemptsAsync(Hook hook, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while ((await WebhookApp.LogAsync(hook))[0].GetProperty("attempts").GetArrayLength() < count)
        {
            Assert.True(DateTime.UtcNow < until, $"{count} attempts were not logged in time");
            await Task.Delay(50);
        }
    }
}
