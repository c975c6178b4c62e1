using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Infrastructure.Mail;
using SmtpServer.Protocol;

namespace ResourceShare.Api.Tests.Mail;

public sealed class MailDeliveryTests(MailApp app) : IClassFixture<MailApp>
{
    private const string MarkupTitle = "Saal <b>gesucht</b> & \"Küche\"";

    [Fact]
    public async Task Proposal_mails_the_providers_managers_in_their_language_with_both_parts_and_unsubscribe_headers()
    {
        var provider = await ProviderAsync();
        var coordinator = await app.AddMemberAsync(provider.Owner, provider.AssociationId, "coordinator");
        var member = await app.AddMemberAsync(provider.Owner, provider.AssociationId, "member");
        await SetLanguageAsync(provider.Owner, "de");
        await SetLanguageAsync(coordinator, "en");

        await ProposeAsync(provider, MarkupTitle);

        var german = (await app.WaitForMailsAsync(provider.Owner.Email)).Single();
        var english = (await app.WaitForMailsAsync(coordinator.Email)).Single();
        Assert.StartsWith("Neuer Vorschlag", german.Subject);
        Assert.StartsWith("New proposal", english.Subject);
        Assert.Contains("wartet auf Ihre Antwort", german.TextBody);
        Assert.Contains("is waiting for your answer", english.TextBody);
        foreach (var mail in new[] { german, english })
        {
            var body = Assert.IsType<MultipartAlternative>(mail.Body);
            Assert.Equal(["text/plain", "text/html"], body.Select(part => part.ContentType.MimeType));
            Assert.Contains(MarkupTitle, mail.TextBody);
            Assert.Contains("Saal &lt;b&gt;gesucht&lt;/b&gt; &amp; &quot;Küche&quot;", mail.HtmlBody);
            Assert.DoesNotContain("<b>gesucht</b>", mail.HtmlBody);
            Assert.Matches(@"^<https://resourceshare\.example/api/v1/mail/unsubscribe\?token=[^>\s]+>$", mail.Headers["List-Unsubscribe"]);
            Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        }

        var rows = await app.MailRowsAsync(member.Id);
        Assert.Empty(rows.Mails);
        Assert.Empty(rows.Waiting);
    }

    [Fact]
    public async Task One_click_unsubscribe_turns_the_kind_off_and_the_next_event_sends_no_mail()
    {
        var provider = await ProviderAsync();
        await ProposeAsync(provider);
        var mail = (await app.WaitForMailsAsync(provider.Owner.Email)).Single();
        var link = UnsubscribeLink(mail);
        using var anonymous = app.CreateClient();

        var page = await anonymous.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync());
        Assert.Equal("immediately", await DeliveryAsync(provider.Owner, "proposal_received"));

        var oneClick = await anonymous.PostAsync(link, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Equal("off", await DeliveryAsync(provider.Owner, "proposal_received"));

        await ProposeAsync(provider);
        await app.WaitForEmptyOutboxAsync(TimeSpan.FromSeconds(30));
        Assert.Single((await app.MailRowsAsync(provider.Owner.Id)).Mails);
        Assert.Single(app.MailsTo(provider.Owner.Email));
    }

    [Fact]
    public async Task Unsubscribe_link_that_is_not_genuine_is_404_and_changes_nothing()
    {
        var provider = await ProviderAsync();
        await ProposeAsync(provider);
        var link = UnsubscribeLink((await app.WaitForMailsAsync(provider.Owner.Email)).Single());
        var forged = link.Replace("proposal_received", "message_received", StringComparison.Ordinal);
        using var anonymous = app.CreateClient();

        await ProblemAssert.IsAsync(await anonymous.PostAsync(forged, null), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await anonymous.GetAsync(link[..^3]), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.ValidationAsync(await anonymous.PostAsync("/api/v1/mail/unsubscribe", null), "token");

        Assert.Equal("immediately", await DeliveryAsync(provider.Owner, "message_received"));
        Assert.Equal("immediately", await DeliveryAsync(provider.Owner, "proposal_received"));
    }

    [Fact]
    public async Task Daily_digest_collects_the_events_into_one_mail_once()
    {
        var provider = await ProviderAsync();
        await SetLanguageAsync(provider.Owner, "en");
        var put = await provider.Owner.Client.PutAsJsonAsync("/api/v1/me/mail-preferences",
            new { items = new[] { new { kind = "proposal_received", delivery = "daily_digest" } } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        await ProposeAsync(provider, "Erste Anfrage");
        await ProposeAsync(provider, "Zweite Anfrage");
        await app.WaitForEmptyOutboxAsync(TimeSpan.FromSeconds(30));
        var waiting = await app.MailRowsAsync(provider.Owner.Id);
        Assert.Empty(waiting.Mails);
        Assert.Equal(2, waiting.Waiting.Count(kind => kind == "proposal_received"));

        var store = app.Services.GetRequiredService<MailStore>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.CollectDigestsAsync(today, DateTime.UtcNow, CancellationToken.None)));
        await store.CollectDigestsAsync(today, DateTime.UtcNow, CancellationToken.None);

        var digest = (await app.WaitForMailsAsync(provider.Owner.Email)).Single();
        Assert.Contains($"{waiting.Waiting.Count} notifications", digest.Subject);
        Assert.Contains("Erste Anfrage", digest.TextBody);
        Assert.Contains("Zweite Anfrage", digest.HtmlBody);
        Assert.Equal("List-Unsubscribe=One-Click", digest.Headers["List-Unsubscribe-Post"]);
        await Task.Delay(500);
        Assert.Single(app.MailsTo(provider.Owner.Email));
        Assert.Single((await app.MailRowsAsync(provider.Owner.Id)).Mails);

        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync(UnsubscribeLink(digest), null)).StatusCode);
        var preferences = await PreferencesAsync(provider.Owner);
        Assert.DoesNotContain(preferences, p => p.GetProperty("delivery").GetString() == "daily_digest");
        Assert.Equal("off", Delivery(preferences, "proposal_received"));
        Assert.Equal("off", Delivery(preferences, "request_matches_offer"));
        Assert.Equal("immediately", Delivery(preferences, "message_received"));
    }

    [Fact]
    public async Task Turning_a_kind_off_drops_its_events_waiting_for_the_digest()
    {
        var provider = await ProviderAsync();
        await provider.Owner.Client.PutAsJsonAsync("/api/v1/me/mail-preferences",
            new { items = new[] { new { kind = "proposal_received", delivery = "daily_digest" } } });
        await ProposeAsync(provider);
        await app.WaitForEmptyOutboxAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("proposal_received", (await app.MailRowsAsync(provider.Owner.Id)).Waiting);

        await provider.Owner.Client.PutAsJsonAsync("/api/v1/me/mail-preferences",
            new { items = new[] { new { kind = "proposal_received", delivery = "off" } } });

        var waiting = (await app.MailRowsAsync(provider.Owner.Id)).Waiting;
        Assert.DoesNotContain("proposal_received", waiting);
        Assert.Contains("request_matches_offer", waiting);
    }

    [Fact]
    public async Task Mail_refused_for_now_is_sent_again_and_mail_refused_for_good_is_given_up()
    {
        var later = await ProviderAsync();
        var never = await ProviderAsync();
        var refusedOnce = 0;
        app.Refuse = message =>
        {
            var to = message.To.Mailboxes.Single().Address;
            if (to == never.Owner.Email)
            {
                return new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "no such mailbox");
            }

            return to == later.Owner.Email && Interlocked.Exchange(ref refusedOnce, 1) == 0
                ? new SmtpResponse(SmtpReplyCode.InsufficientStorage, "try again later")
                : null;
        };

        try
        {
            await ProposeAsync(later);
            await ProposeAsync(never);

            var sent = await WaitForStatusAsync(later.Owner.Id, "sent");
            Assert.Equal(2, sent.Attempts);
            Assert.Single(app.MailsTo(later.Owner.Email));
            var failed = await WaitForStatusAsync(never.Owner.Id, "failed");
            Assert.Equal(1, failed.Attempts);
            Assert.Contains("no such mailbox", failed.LastError);
            Assert.Empty(app.MailsTo(never.Owner.Email));
        }
        finally
        {
            app.Refuse = _ => null;
        }
    }

    [Fact]
    public async Task Two_instances_send_every_mail_exactly_once()
    {
        using var second = app.WithSettings(("Mail:PollMilliseconds", "20"));
        using var secondClient = second.CreateClient();
        var provider = await ProviderAsync();
        var coordinator = await app.AddMemberAsync(provider.Owner, provider.AssociationId, "coordinator");
        const int events = 30;

        await using (var conn = new NpgsqlConnection(app.DataConnectionString))
        {
            await conn.OpenAsync();
            for (var i = 0; i < events; i++)
            {
                await conn.ExecuteAsync(
                    "INSERT INTO notification (id, association_id, kind, data) VALUES (@id, @associationId, 'association_verified', '{}')",
                    new { id = Guid.CreateVersion7(), provider.AssociationId });
            }
        }

        await app.WaitForMailsAsync(provider.Owner.Email, events);
        await app.WaitForMailsAsync(coordinator.Email, events);
        await Task.Delay(1000);
        foreach (var email in new[] { provider.Owner.Email, coordinator.Email })
        {
            var mails = app.MailsTo(email);
            Assert.Equal(events, mails.Count);
            Assert.Equal(events, mails.Select(m => m.MessageId).Distinct().Count());
        }
    }

    private async Task<(string Status, int Attempts, string? LastError)> WaitForStatusAsync(Guid userId, string status)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var mails = (await app.MailRowsAsync(userId)).Mails;
            if (mails.Count == 1 && mails[0].Status == status)
            {
                return mails[0];
            }

            Assert.True(DateTime.UtcNow < until, $"No mail reached {status}.");
            await Task.Delay(50);
        }
    }

    /// <summary>A verified association with its owner and a published room offer.</summary>
    private async Task<MatchSide> ProviderAsync()
    {
        var owner = await app.RegisterAsync("provider");
        var associationId = await app.CreateVerifiedAssociationAsync(owner);
        var offer = await app.PublishListingAsync(owner, associationId);
        return new MatchSide(owner, associationId, offer.Id());
    }

    /// <summary>A new association publishes a request titled <paramref name="title"/> and proposes the provider's offer for it.</summary>
    private async Task ProposeAsync(MatchSide provider, string? title = null)
    {
        var requester = await app.RegisterAsync("requester");
        var associationId = await app.CreateVerifiedAssociationAsync(requester);
        var request = await app.PublishListingAsync(requester, associationId, kind: "request", change: body =>
        {
            if (title is not null)
            {
                body["title"] = title;
            }
        });
        await app.ProposeAsync(requester, request.Id(), provider.ListingId);
    }

    private static async Task SetLanguageAsync(TestUser user, string language) =>
        Assert.Equal(HttpStatusCode.OK, (await user.Client.PatchAsJsonAsync("/api/v1/me", new { preferredLanguage = language })).StatusCode);

    private static string UnsubscribeLink(MimeMessage mail)
    {
        var header = mail.Headers["List-Unsubscribe"] ?? throw new InvalidOperationException("The mail has no List-Unsubscribe header.");
        return new Uri(header.Trim('<', '>')).PathAndQuery;
    }

    private static async Task<List<JsonElement>> PreferencesAsync(TestUser user) =>
        (await user.Client.GetFromJsonAsync<JsonElement>("/api/v1/me/mail-preferences")).GetProperty("items").EnumerateArray().ToList();

    private static async Task<string?> DeliveryAsync(TestUser user, string kind) => Delivery(await PreferencesAsync(user), kind);

    private static string? Delivery(List<JsonElement> preferences, string kind) =>
        preferences.Single(p => p.GetProperty("kind").GetString() == kind).GetProperty("delivery").GetString();
}
