using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Api.Tests.Webhooks;
using static ResourceShare.Api.Tests.SavedSearches.SavedSearching;

namespace ResourceShare.Api.Tests.SavedSearches;

public sealed class SavedSearchWebhookTests(WebhookApp app) : IClassFixture<WebhookApp>
{
    [Fact]
    public async Task Webhook_search_sends_its_finds_signed_to_the_endpoints_that_chose_the_event_and_mail_searches_do_not()
    {
        var word = ListingBodies.UniqueWord();
        var hook = await app.CreateHookAsync(null, "saved_search_matched");
        var other = await app.AddHookAsync(hook.Owner, hook.AssociationId, app.Receiver.NewUrl(), "proposal_received");
        var member = await app.AddMemberAsync(hook.Owner, hook.AssociationId, "member");
        var search = await SaveAsync(hook.Owner, hook.AssociationId, Body(word, channel: "webhook", name: "Räume für Kurse"));
        await SaveAsync(member, hook.AssociationId, Body(word));
        var provider = await app.RegisterAsync("provider");
        var providerId = await app.CreateVerifiedAssociationAsync(provider);

        var listing = await app.PublishListingAsync(provider, providerId, change: b => b["title"] = $"Kursraum {word}");

        var received = Assert.Single(await app.Receiver.WaitForAsync(hook.Url, 1));
        Assert.True(received.Verified);
        var payload = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal("saved_search_matched", payload.Str("type"));
        var data = payload.GetProperty("data");
        Assert.Equal(hook.AssociationId, data.GetProperty("associationId").GetGuid());
        Assert.Equal(listing.Id(), data.GetProperty("listingId").GetGuid());
        var details = data.GetProperty("details");
        Assert.Equal(search.Id(), details.GetProperty("savedSearchId").GetGuid());
        Assert.Equal("Räume für Kurse", details.Str("savedSearchName"));
        Assert.Equal(("webhook", "immediately", 1), (details.Str("channel"), details.Str("rhythm"), details.GetProperty("count").GetInt32()));
        var found = Assert.Single(details.GetProperty("listings").EnumerateArray());
        Assert.Equal((listing.Id(), $"Kursraum {word}", "offer", "room"), (found.Id(), found.Str("title"), found.Str("kind"), found.Str("category")));

        await WaitForMatcherAsync(app);
        await app.WaitForEmptyOutboxAsync(TimeSpan.FromSeconds(30));
        await WebhookApp.WaitForMessageAsync(hook, "delivered");
        Assert.Single(app.Receiver.Received(hook.Url));
        Assert.Empty(app.Receiver.Received(other.Url));
        var inbox = await ResourceShareApp.InboxAsync(hook.Owner.Client, hook.AssociationId);
        Assert.DoesNotContain(inbox, entry => entry.Str("kind") == "saved_search_matched");
        var unread = await hook.Owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/associations/{hook.AssociationId}/notifications");
        Assert.Equal(inbox.Count(e => e.GetProperty("readAt").ValueKind == JsonValueKind.Null), unread.GetProperty("unreadCount").GetInt32());
    }
}
