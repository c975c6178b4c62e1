using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Notifications;

/// <summary>The expiry job's notice to an association whose listing expires within 7 days.</summary>
public sealed class ListingExpiringNoticeTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private async Task<List<JsonElement>> NoticesAsync(MatchPartner side, Guid listingId, HttpClient? client = null) =>
        (await ResourceShareApp.InboxAsync(client ?? side.Manager.Client, side.AssociationId))
            .Where(n => n.Str("kind") == "listing_expiring" && n.GetProperty("listingId").GetGuid() == listingId).ToList();

    private async Task<(MatchPartner Side, JsonElement Listing)> ListingExpiringInAsync(double days)
    {
        var side = await app.CreateMatchPartnerAsync();
        var listing = await app.PublishListingAsync(side.Manager, side.AssociationId);
        await app.SetValidUntilAsync(listing.Id(), days);
        return (side, listing);
    }

    [Fact]
    public async Task A_listing_expiring_within_7_days_is_notified_once_even_when_the_job_runs_concurrently()
    {
        var (side, listing) = await ListingExpiringInAsync(3);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(app.NotifyExpiringListingsAsync)));
        await app.NotifyExpiringListingsAsync();

        var notice = Assert.Single(await NoticesAsync(side, listing.Id()));
        var data = notice.GetProperty("data");
        Assert.Equal(listing.Str("title"), data.Str("listingTitle"));
        var validUntil = (await side.Manager.Client.GetFromJsonAsync<JsonElement>($"/api/v1/listings/{listing.Id()}")).GetProperty("validUntil").GetDateTimeOffset();
        Assert.Equal(validUntil.ToUnixTimeSeconds(), data.GetProperty("validUntil").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Concurrent_runs_over_many_due_listings_write_one_notice_per_listing()
    {
        var due = new List<(MatchPartner Side, Guid Id)>();
        for (var i = 0; i < 5; i++)
        {
            var (side, listing) = await ListingExpiringInAsync(1 + i);
            due.Add((side, listing.Id()));
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(app.NotifyExpiringListingsAsync)));

        foreach (var (side, id) in due)
        {
            Assert.Single(await NoticesAsync(side, id));
        }
    }

    [Fact]
    public async Task Paused_listings_are_notified_and_listings_further_out_drafts_and_closed_ones_are_not()
    {
        var (paused, pausedListing) = await ListingExpiringInAsync(5);
        await paused.Manager.Client.PostAsync($"/api/v1/listings/{pausedListing.Id()}/pause", null);
        var (later, laterListing) = await ListingExpiringInAsync(8);
        var (closed, closedListing) = await ListingExpiringInAsync(2);
        await closed.Manager.Client.PostAsJsonAsync($"/api/v1/listings/{closedListing.Id()}/close", new { reason = "fulfilled" });
        var draftSide = await app.CreateMatchPartnerAsync();
        var draft = await app.CreateListingAsync(draftSide.Manager, draftSide.AssociationId);
        await app.SetValidUntilAsync(draft.Id(), 2);

        await app.NotifyExpiringListingsAsync();

        Assert.Single(await NoticesAsync(paused, pausedListing.Id()));
        Assert.Empty(await NoticesAsync(later, laterListing.Id()));
        Assert.Empty(await NoticesAsync(closed, closedListing.Id()));
        Assert.Empty(await NoticesAsync(draftSide, draft.Id()));
    }

    [Fact]
    public async Task A_listing_extended_by_more_than_7_days_is_notified_again_as_the_new_date_approaches_a_smaller_extension_is_not()
    {
        var (side, listing) = await ListingExpiringInAsync(1);
        await app.NotifyExpiringListingsAsync();

        await app.SetValidUntilAsync(listing.Id(), 6);
        await app.NotifyExpiringListingsAsync();
        Assert.Single(await NoticesAsync(side, listing.Id()));

        await app.SetValidUntilAsync(listing.Id(), 9.5);
        await app.NotifyExpiringListingsAsync();
        Assert.Single(await NoticesAsync(side, listing.Id()));

        await app.PassDaysForListingAsync(listing.Id(), 3);
        await app.NotifyExpiringListingsAsync();
        await app.NotifyExpiringListingsAsync();
        Assert.Equal(2, (await NoticesAsync(side, listing.Id())).Count);
    }

    [Fact]
    public async Task The_notice_names_the_listing_and_its_day_in_german()
    {
        var (side, listing) = await ListingExpiringInAsync(4);
        await app.NotifyExpiringListingsAsync();
        using var client = app.CreateClientWithToken(side.Manager.AccessToken);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var notice = Assert.Single(await NoticesAsync(side, listing.Id(), client));

        var day = TimeZoneInfo.ConvertTime(notice.GetProperty("data").GetProperty("validUntil").GetDateTimeOffset(), Domain.Listings.Schedules.Berlin);
        Assert.Equal("Anzeige läuft bald ab", notice.Str("title"));
        Assert.StartsWith(
            $"Ihre Anzeige „{listing.Str("title")}“ läuft in den nächsten 7 Tagen ab, am {day.ToString("d. MMMM yyyy", new System.Globalization.CultureInfo("de"))}.",
            notice.Str("text"));
    }
}
