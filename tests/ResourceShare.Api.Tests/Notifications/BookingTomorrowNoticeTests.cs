using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Infrastructure.Notifications;

namespace ResourceShare.Api.Tests.Notifications;

/// <summary>The reminder to both sides of a booking that begins within 24 hours.</summary>
public sealed class BookingTomorrowNoticeTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private static Action<JsonObject> Window(DateTimeOffset start) =>
        b => b["schedule"] = new JsonObject { ["windows"] = new JsonArray(ListingBodies.Window(start, start.AddHours(2))) };

    private Task<int> RemindAsync() => app.Services.GetRequiredService<NotificationStore>().NotifyBookingsTomorrowAsync(CancellationToken.None);

    private static async Task<List<JsonElement>> RemindersAsync(MatchSide side) =>
        (await ResourceShareApp.InboxAsync(side.Owner.Client, side.AssociationId)).Where(n => n.Str("kind") == "booking_tomorrow").ToList();

    private async Task<MatchParties> BookedAsync(DateTimeOffset start)
    {
        var parties = await app.CreateMatchPartiesAsync(request: Window(start), offer: Window(start));
        await app.AcceptedMatchAsync(parties);
        return parties;
    }

    [Fact]
    public async Task Both_sides_are_reminded_once_of_a_booking_within_24_hours_even_when_the_job_runs_concurrently()
    {
        var start = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddHours(DateTime.UtcNow.Hour + 5);
        var parties = await BookedAsync(start);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(RemindAsync)));
        await RemindAsync();

        var provider = Assert.Single(await RemindersAsync(parties.Provider));
        var requester = Assert.Single(await RemindersAsync(parties.Requester));
        Assert.Equal(parties.OfferId, provider.GetProperty("listingId").GetGuid());
        Assert.Equal(parties.RequestId, requester.GetProperty("listingId").GetGuid());
        Assert.Equal(provider.GetProperty("data").Str("bookingId"), requester.GetProperty("data").Str("bookingId"));
        Assert.Equal(start, provider.GetProperty("data").GetProperty("startsAt").GetDateTimeOffset());
        Assert.NotEqual(provider.GetProperty("data").Str("counterpartName"), requester.GetProperty("data").Str("counterpartName"));
        Assert.Contains("24", requester.Str("text"));
    }

    [Fact]
    public async Task A_booking_further_ahead_is_not_reminded_yet()
    {
        var parties = await BookedAsync(ListingBodies.Day(3, 10));

        await RemindAsync();

        Assert.Empty(await RemindersAsync(parties.Provider));
        Assert.Empty(await RemindersAsync(parties.Requester));
    }
}
