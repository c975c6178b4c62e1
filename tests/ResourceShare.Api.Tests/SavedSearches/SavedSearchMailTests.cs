using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Api.Tests.Moderation;
using ResourceShare.Infrastructure.SavedSearches;
using static ResourceShare.Api.Tests.SavedSearches.SavedSearching;

namespace ResourceShare.Api.Tests.SavedSearches;

public sealed class SavedSearchMailTests(MailApp app) : IClassFixture<MailApp>
{
    [Fact]
    public async Task New_matching_listing_is_mailed_once_to_the_member_who_saved_the_search_in_their_language()
    {
        var word = ListingBodies.UniqueWord();
        var (provider, providerId) = await ProviderAsync();
        var before = await PublishAsync(provider, providerId, $"Saal {word} alt");
        var (english, german, associationId) = await SearchersAsync();
        await SaveAsync(english, associationId, Body(word, filters: new { q = word, kind = "offer" }));
        await SaveAsync(german, associationId, Body(word, name: "Säle", filters: new { q = word, kind = "offer" }));

        var offer = await PublishAsync(provider, providerId, $"Saal {word} neu");
        await PublishAsync(provider, providerId, $"Saal {word} gesucht", kind: "request");
        await PublishAsync(provider, providerId, "Saal ohne das Wort");

        var mail = (await app.WaitForMailsAsync(english.Email)).Single();
        var mail2 = (await app.WaitForMailsAsync(german.Email)).Single();
        Assert.StartsWith("New listings for “Räume” – Verein", mail.Subject);
        Assert.Contains($"Saal {word} neu", mail.TextBody);
        Assert.DoesNotContain($"Saal {word} alt", mail.TextBody);
        Assert.DoesNotContain($"Saal {word} gesucht", mail.TextBody);
        Assert.Contains("you saved the search “Räume”", mail.TextBody);
        Assert.StartsWith("Neue Anzeigen für „Säle“", mail2.Subject);
        Assert.Contains("Sie die Suche „Säle“", mail2.TextBody);
        Assert.Contains($"Saal {word} neu", mail2.HtmlBody);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.NotEqual(before.Id(), offer.Id());

        await provider.Client.PostAsync($"/api/v1/listings/{offer.Id()}/pause", null);
        await provider.Client.PostAsync($"/api/v1/listings/{offer.Id()}/resume", null);
        await WaitForMatcherAsync(app);
        await app.WaitForEmptyOutboxAsync(TimeSpan.FromSeconds(30));
        Assert.Single(app.MailsTo(english.Email));
        Assert.Empty(app.MailsTo(provider.Email));
    }

    [Fact]
    public async Task Daily_search_sends_one_collected_mail_per_period_however_many_senders_run()
    {
        var word = ListingBodies.UniqueWord();
        var (provider, providerId) = await ProviderAsync();
        var (member, _, associationId) = await SearchersAsync();
        var search = await SaveAsync(member, associationId, Body(word, rhythm: "daily"));
        var first = await PublishAsync(provider, providerId, $"Erster {word}");
        var second = await PublishAsync(provider, providerId, $"Zweiter {word}");
        await WaitForHitsAsync(search.Id(), 2);
        Assert.All(await HitsAsync(app, search.Id()), hit => Assert.False(hit.Sent));
        Assert.Empty(app.MailsTo(member.Email));

        var matcher = app.Services.GetRequiredService<SavedSearchMatcher>();
        var dayLater = DateTime.UtcNow.AddDays(1).AddMinutes(1);
        var sent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => matcher.SendDueAsync(dayLater, 100, CancellationToken.None)));

        Assert.Equal(1, sent.Sum());
        var digest = (await app.WaitForMailsAsync(member.Email)).Single();
        Assert.Contains(first.Str("title"), digest.TextBody);
        Assert.Contains(second.Str("title"), digest.TextBody);
        Assert.Contains("(2)", digest.TextBody);

        var third = await PublishAsync(provider, providerId, $"Dritter {word}");
        await WaitForHitsAsync(search.Id(), 3);
        Assert.Equal(0, await matcher.SendDueAsync(dayLater.AddHours(1), 100, CancellationToken.None));
        Assert.Equal(1, await matcher.SendDueAsync(dayLater.AddDays(1), 100, CancellationToken.None));
        var mails = await app.WaitForMailsAsync(member.Email, 2);
        var next = mails.Single(m => m.MessageId != digest.MessageId);
        Assert.Contains(third.Str("title"), next.TextBody);
        Assert.DoesNotContain(first.Str("title"), next.TextBody);
    }

    [Fact]
    public async Task Listing_a_moderator_approves_is_found_like_one_published_at_once()
    {
        var word = ListingBodies.UniqueWord();
        var (member, _, associationId) = await SearchersAsync();
        await SaveAsync(member, associationId, Body(word));
        var (owner, unverified) = await app.MemberWithAssociationAsync();
        var pending = await app.PublishListingAsync(owner, unverified, change: b => b["title"] = $"Geprüft {word}");
        Assert.Equal("pending_review", pending.Str("status"));
        await WaitForMatcherAsync(app);
        Assert.Empty(app.MailsTo(member.Email));

        var moderator = await app.SignInWithRoleAsync("moderator");
        Assert.Equal(HttpStatusCode.OK, (await moderator.DecideAsync($"listings/{pending.Id()}/approve")).StatusCode);

        var mail = (await app.WaitForMailsAsync(member.Email)).Single();
        Assert.Contains($"Geprüft {word}", mail.TextBody);
    }

    [Fact]
    public async Task One_click_unsubscribe_from_a_search_mail_stops_the_next_ones()
    {
        var word = ListingBodies.UniqueWord();
        var (provider, providerId) = await ProviderAsync();
        var (member, _, associationId) = await SearchersAsync();
        var search = await SaveAsync(member, associationId, Body(word));
        await PublishAsync(provider, providerId, $"Erster {word}");
        var mail = (await app.WaitForMailsAsync(member.Email)).Single();
        using var anonymous = app.CreateClient();

        var oneClick = await anonymous.PostAsync(UnsubscribeLink(mail), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        await PublishAsync(provider, providerId, $"Zweiter {word}");
        await WaitForHitsAsync(search.Id(), 2);
        await WaitForMatcherAsync(app);
        await app.WaitForEmptyOutboxAsync(TimeSpan.FromSeconds(30));

        Assert.Single(app.MailsTo(member.Email));
        Assert.Empty((await app.MailRowsAsync(member.Id)).Waiting);
    }

    private async Task<(TestUser Owner, Guid AssociationId)> ProviderAsync()
    {
        var owner = await app.RegisterAsync("provider");
        return (owner, await app.CreateVerifiedAssociationAsync(owner));
    }

    /// <summary>An association with two plain members, one reading English and one German.</summary>
    private async Task<(TestUser English, TestUser German, Guid AssociationId)> SearchersAsync()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner, $"Verein {Guid.NewGuid():N}");
        var english = await app.AddMemberAsync(owner, associationId, "member");
        var german = await app.AddMemberAsync(owner, associationId, "member");
        await SetLanguageAsync(english, "en");
        await SetLanguageAsync(german, "de");
        return (english, german, associationId);
    }

    private Task<System.Text.Json.JsonElement> PublishAsync(TestUser owner, Guid associationId, string title, string kind = "offer") =>
        app.PublishListingAsync(owner, associationId, kind: kind, change: b => b["title"] = title);

    private async Task WaitForHitsAsync(Guid searchId, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while ((await HitsAsync(app, searchId)).Count < count)
        {
            Assert.True(DateTime.UtcNow < until, "The search did not find its listings in time.");
            await Task.Delay(50);
        }
    }

    private static async Task SetLanguageAsync(TestUser user, string language) =>
        Assert.Equal(HttpStatusCode.OK, (await user.Client.PatchAsJsonAsync("/api/v1/me", new { preferredLanguage = language })).StatusCode);

    private static string UnsubscribeLink(MimeMessage mail) => new Uri(mail.Headers["List-Unsubscribe"]!.Trim('<', '>')).PathAndQuery;
}
