using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Webhooks;

/// <summary>
/// With the outbox's and the sender's polls an hour apart, only the database's notifications of new outbox rows and
/// new webhook messages can bring an event out within seconds.
/// </summary>
public sealed class WebhookWakeupTests(WakingWebhookApp app) : IClassFixture<WakingWebhookApp>
{
    [Fact]
    public async Task Each_event_is_delivered_at_once_without_waiting_for_a_poll()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var hook = await app.AddHookAsync(
            parties.Provider.Owner, parties.Provider.AssociationId, app.Receiver.NewUrl(), "proposal_received", "message_received");
        var matchId = (await app.ProposeAsync(parties)).Id();
        await app.Receiver.WaitForAsync(hook.Url, 1, TimeSpan.FromSeconds(15));

        for (var n = 2; n <= 3; n++)
        {
            var message = await parties.Requester.Owner.Client.PostAsJsonAsync($"/api/v1/matches/{matchId}/messages", new { body = $"Nachricht {n}" });
            Assert.Equal(HttpStatusCode.Created, message.StatusCode);
            var received = await app.Receiver.WaitForAsync(hook.Url, n, TimeSpan.FromSeconds(15));
            Assert.True(received[^1].Verified);
        }

        Assert.Equal(3, app.Receiver.Received(hook.Url).Select(r => r.Id).Distinct().Count());
    }
}

/// <summary>The webhook app whose outbox dispatcher and webhook sender poll only once an hour.</summary>
public sealed class WakingWebhookApp : WebhookApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var hour = TimeSpan.FromHours(1).TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
        builder.UseSetting("Outbox:PollMilliseconds", hour);
        builder.UseSetting("Webhooks:PollMilliseconds", hour);
    }
}
