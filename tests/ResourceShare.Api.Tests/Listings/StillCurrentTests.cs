using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Infrastructure.Mail;

namespace ResourceShare.Api.Tests.Listings;

/// <summary>"Still current": the link in an expiry reminder mail, and the signed-in extension.</summary>
public sealed partial class StillCurrentTests(MailApp app) : IClassFixture<MailApp>
{
    private const int ExtensionDays = 90;

    [Fact]
    public async Task Reminder_link_shows_a_page_on_get_and_extends_once_on_post()
    {
        var (side, listingId, validUntil) = await RemindedAsync(3);
        var mail = (await app.WaitForMailsAsync(side.Manager.Email)).Single();
        var link = StillCurrentLink(mail);
        Assert.Equal(link, HtmlLink(mail));
        using var anonymous = app.CreateClient();

        var page = await anonymous.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync());
        Assert.Equal(validUntil, await ValidUntilAsync(side, listingId));

        var extended = await anonymous.PostAsync(link, null);
        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        var newValidUntil = await ValidUntilAsync(side, listingId);
        AssertClose(validUntil.AddDays(ExtensionDays), newValidUntil);
        Assert.Contains(newValidUntil.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), await extended.Content.ReadAsStringAsync());

        await ProblemAssert.IsAsync(await anonymous.PostAsync(link, null), HttpStatusCode.Gone, "link-used");
        await ProblemAssert.IsAsync(await anonymous.GetAsync(link), HttpStatusCode.Gone, "link-used");
        Assert.Equal(newValidUntil, await ValidUntilAsync(side, listingId));
    }

    [Fact]
    public async Task Reminder_mail_is_written_in_the_recipients_language_in_both_parts()
    {
        var side = await app.CreateMatchPartnerAsync();
        Assert.Equal(HttpStatusCode.OK, (await side.Manager.Client.PatchAsJsonAsync("/api/v1/me", new { preferredLanguage = "en" })).StatusCode);
        var listing = await app.PublishListingAsync(side.Manager, side.AssociationId);
        await app.SetValidUntilAsync(listing.Id(), 2);
        await app.NotifyExpiringListingsAsync();

        var mail = (await app.WaitForMailsAsync(side.Manager.Email)).Single();

        Assert.Contains("Still current? One click keeps it published for another 90 days", mail.TextBody);
        Assert.Contains("Still current? One click keeps it published for another 90 days", mail.HtmlBody);
        Assert.Equal(StillCurrentLink(mail), HtmlLink(mail));
    }

    [Fact]
    public async Task A_reminder_in_the_daily_digest_carries_its_link_too()
    {
        var side = await app.CreateMatchPartnerAsync();
        var put = await side.Manager.Client.PutAsJsonAsync("/api/v1/me/mail-preferences",
            new { items = new[] { new { kind = "listing_expiring", delivery = "daily_digest" } } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var listing = await app.PublishListingAsync(side.Manager, side.AssociationId);
        await app.SetValidUntilAsync(listing.Id(), 4);
        await app.NotifyExpiringListingsAsync();
        await app.WaitForEmptyOutboxAsync(TimeSpan.FromSeconds(30));
        var before = await ValidUntilAsync(side, listing.Id());

        await app.Services.GetRequiredService<MailStore>().CollectDigestsAsync(DateOnly.FromDateTime(DateTime.UtcNow), DateTime.UtcNow, CancellationToken.None);

        var digest = (await app.WaitForMailsAsync(side.Manager.Email)).Single();
        var link = StillCurrentLink(digest);
        Assert.Equal(link, HtmlLink(digest));
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync(link, null)).StatusCode);
        AssertClose(before.AddDays(ExtensionDays), await ValidUntilAsync(side, listing.Id()));
    }

    [Fact]
    public async Task Altered_or_missing_token_is_refused_and_changes_nothing()
    {
        var (side, listingId, validUntil) = await RemindedAsync(3);
        var link = StillCurrentLink((await app.WaitForMailsAsync(side.Manager.Email)).Single());
        var token = Uri.UnescapeDataString(link[(link.IndexOf('=') + 1)..]);
        var parts = token.Split('.');
        var later = $"{parts[0]}.{long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 1}.{parts[2]}";
        using var anonymous = app.CreateClient();

        await ProblemAssert.IsAsync(await anonymous.PostAsync(Link(later), null), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await anonymous.PostAsync(Link($"{Guid.NewGuid():N}.{parts[1]}.{parts[2]}"), null), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await anonymous.GetAsync(Link(token[..^2])), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.ValidationAsync(await anonymous.PostAsync("/api/v1/listings/still-current", null), "token");
        await ProblemAssert.ValidationAsync(await anonymous.GetAsync(Link(new string('a', 200))), "token");

        Assert.Equal(validUntil, await ValidUntilAsync(side, listingId));
    }

    [Fact]
    public async Task Reminder_link_of_a_closed_expired_or_rescheduled_listing_is_gone_and_a_paused_one_is_extended()
    {
        var (closed, closedId, _) = await RemindedAsync(3);
        var (expired, expiredId, _) = await RemindedAsync(4);
        var (moved, movedId, _) = await RemindedAsync(5);
        var (paused, pausedId, pausedUntil) = await RemindedAsync(6);
        var closedLink = StillCurrentLink((await app.WaitForMailsAsync(closed.Manager.Email)).Single());
        var expiredLink = StillCurrentLink((await app.WaitForMailsAsync(expired.Manager.Email)).Single());
        var movedLink = StillCurrentLink((await app.WaitForMailsAsync(moved.Manager.Email)).Single());
        var pausedLink = StillCurrentLink((await app.WaitForMailsAsync(paused.Manager.Email)).Single());
        await closed.Manager.Client.PostAsJsonAsync($"/api/v1/listings/{closedId}/close", new { reason = "fulfilled" });
        await app.SetListingStatusAsync(expiredId, "expired");
        await app.SetValidUntilAsync(movedId, 30);
        await paused.Manager.Client.PostAsync($"/api/v1/listings/{pausedId}/pause", null);
        using var anonymous = app.CreateClient();

        await ProblemAssert.IsAsync(await anonymous.PostAsync(closedLink, null), HttpStatusCode.Gone, "link-used");
        await ProblemAssert.IsAsync(await anonymous.PostAsync(expiredLink, null), HttpStatusCode.Gone, "link-used");
        await ProblemAssert.IsAsync(await anonymous.GetAsync(expiredLink), HttpStatusCode.Gone, "link-used");
        await ProblemAssert.IsAsync(await anonymous.PostAsync(movedLink, null), HttpStatusCode.Gone, "link-used");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync(pausedLink, null)).StatusCode);

        AssertClose(pausedUntil.AddDays(ExtensionDays), await ValidUntilAsync(paused, pausedId));
        Assert.Equal("paused", (await ListingAsync(paused, pausedId)).Str("status"));
        Assert.Equal("expired", (await ListingAsync(expired, expiredId)).Str("status"));
    }

    [Fact]
    public async Task Managers_and_keys_with_listings_write_extend_members_and_read_keys_may_not()
    {
        var side = await app.CreateMatchPartnerAsync();
        var listing = await app.PublishListingAsync(side.Manager, side.AssociationId);
        await app.SetValidUntilAsync(listing.Id(), 10);
        var before = await ValidUntilAsync(side, listing.Id());
        var member = await app.AddMemberAsync(side.Manager, side.AssociationId, "member");
        var coordinator = await app.AddMemberAsync(side.Manager, side.AssociationId, "coordinator");
        using var reader = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(side.Manager, side.AssociationId, "listings:read"));
        using var writer = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(side.Manager, side.AssociationId, "listings:write"));
        var stranger = await app.CreateMatchPartnerAsync();
        var url = $"/api/v1/listings/{listing.Id()}/extend";

        await ProblemAssert.IsAsync(await member.Client.PostAsync(url, null), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(await reader.PostAsync(url, null), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(await stranger.Manager.Client.PostAsync(url, null), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(await app.CreateClient().PostAsync(url, null), HttpStatusCode.Unauthorized);
        Assert.Equal(before, await ValidUntilAsync(side, listing.Id()));

        var byCoordinator = await coordinator.Client.PostAsync(url, null);
        Assert.Equal(HttpStatusCode.OK, byCoordinator.StatusCode);
        var once = (await byCoordinator.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("validUntil").GetDateTimeOffset();
        AssertClose(before.AddDays(ExtensionDays), once);
        Assert.NotNull(byCoordinator.Headers.ETag);

        var byKey = await writer.PostAsync(url, null);
        Assert.Equal(HttpStatusCode.OK, byKey.StatusCode);
        AssertClose(before.AddDays(2 * ExtensionDays), await ValidUntilAsync(side, listing.Id()));
    }

    [Fact]
    public async Task Extension_stops_at_the_maximum_validity_and_honours_if_match()
    {
        var side = await app.CreateMatchPartnerAsync();
        var listing = await app.PublishListingAsync(side.Manager, side.AssociationId);
        await app.SetValidUntilAsync(listing.Id(), 350);
        var url = $"/api/v1/listings/{listing.Id()}/extend";
        var stale = new HttpRequestMessage(HttpMethod.Post, url) { Headers = { { "If-Match", "\"999\"" } } };

        await ProblemAssert.IsAsync(await side.Manager.Client.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        var response = await side.Manager.Client.PostAsync(url, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertClose(DateTimeOffset.UtcNow.AddDays(366), await ValidUntilAsync(side, listing.Id()));
    }

    [Fact]
    public async Task Closed_expired_and_draft_listings_cannot_be_extended()
    {
        var side = await app.CreateMatchPartnerAsync();
        var closed = await app.PublishListingAsync(side.Manager, side.AssociationId);
        await side.Manager.Client.PostAsJsonAsync($"/api/v1/listings/{closed.Id()}/close", new { reason = "withdrawn" });
        var expired = await app.PublishListingAsync(side.Manager, side.AssociationId);
        await app.SetListingStatusAsync(expired.Id(), "expired");
        var draft = await app.CreateListingAsync(side.Manager, side.AssociationId);

        foreach (var (id, status) in new[] { (closed.Id(), "closed"), (expired.Id(), "expired"), (draft.Id(), "draft") })
        {
            var problem = await ProblemAssert.IsAsync(
                await side.Manager.Client.PostAsync($"/api/v1/listings/{id}/extend", null), HttpStatusCode.Conflict, "invalid-transition");
            Assert.Equal(status, problem.Str("currentStatus"));
        }

        await ProblemAssert.IsAsync(await side.Manager.Client.PostAsync($"/api/v1/listings/{Guid.NewGuid()}/extend", null), HttpStatusCode.NotFound);
    }

    private async Task<(MatchPartner Side, Guid ListingId, DateTimeOffset ValidUntil)> RemindedAsync(double days)
    {
        var side = await app.CreateMatchPartnerAsync();
        var listing = await app.PublishListingAsync(side.Manager, side.AssociationId);
        await app.SetValidUntilAsync(listing.Id(), days);
        await app.NotifyExpiringListingsAsync();
        return (side, listing.Id(), await ValidUntilAsync(side, listing.Id()));
    }

    private static async Task<JsonElement> ListingAsync(MatchPartner side, Guid listingId) =>
        await side.Manager.Client.GetFromJsonAsync<JsonElement>($"/api/v1/listings/{listingId}");

    private static async Task<DateTimeOffset> ValidUntilAsync(MatchPartner side, Guid listingId) =>
        (await ListingAsync(side, listingId)).GetProperty("validUntil").GetDateTimeOffset();

    private static void AssertClose(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.InRange(actual, expected.AddMinutes(-1), expected.AddMinutes(1));

    private static string Link(string token) => $"/api/v1/listings/still-current?token={Uri.EscapeDataString(token)}";

    private static string StillCurrentLink(MimeMessage mail)
    {
        var match = PlainLink().Match(mail.TextBody ?? "");
        Assert.True(match.Success, "The reminder's plain text has no still-current link.");
        return match.Groups["path"].Value;
    }

    private static string HtmlLink(MimeMessage mail)
    {
        var match = HtmlHref().Match(mail.HtmlBody ?? "");
        Assert.True(match.Success, "The reminder's HTML has no still-current link.");
        return WebUtility.HtmlDecode(match.Groups["path"].Value);
    }

    [GeneratedRegex(@"https://resourceshare\.example(?<path>/api/v1/listings/still-current\?token=\S+)")]
    private static partial Regex PlainLink();

    [GeneratedRegex("href=\"https://resourceshare\\.example(?<path>/api/v1/listings/still-current\\?token=[^\"]+)\"")]
    private static partial Regex HtmlHref();
}
