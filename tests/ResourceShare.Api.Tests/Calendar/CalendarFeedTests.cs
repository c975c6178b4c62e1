using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ical.Net.CalendarComponents;
using ResourceShare.Api.Tests.Fixtures;
using IcalCalendar = Ical.Net.Calendar;

namespace ResourceShare.Api.Tests.Calendar;

public sealed class CalendarFeedTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    [Fact]
    public async Task Feed_lists_a_confirmed_booking_in_Berlin_time_with_its_time_zone()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var match = await app.AcceptedMatchAsync(parties);
        var bookingId = await app.QueryScalarAsync<Guid>("SELECT id FROM booking WHERE match_id = @id", match.Id());
        var (start, end) = await BookingTimesAsync(bookingId);

        var url = await RenewAsync(parties.Provider.Owner.Client, parties.Provider.AssociationId);
        var calendar = await LoadAsync(url);

        var timeZone = Assert.Single(calendar.TimeZones);
        Assert.Equal("Europe/Berlin", timeZone.TzId);
        var e = Assert.Single(calendar.Events);
        Assert.Equal($"booking-{bookingId}@resourceshare", e.Uid);
        Assert.Equal("CONFIRMED", e.Status);
        Assert.Equal("Europe/Berlin", e.DtStart!.TzId);
        Assert.Equal(start, e.DtStart.AsUtc);
        Assert.Equal(end, e.DtEnd!.AsUtc);
        Assert.Equal(TimeZoneInfo.ConvertTimeFromUtc(start, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")), e.DtStart.Value);
        Assert.Contains(match.GetProperty("requester").Str("name"), e.Summary);
    }

    [Fact]
    public async Task Cancelled_booking_stays_in_the_feed_as_cancelled_under_the_same_uid()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var match = await app.AcceptedMatchAsync(parties);
        var url = await RenewAsync(parties.Requester.Owner.Client, parties.Requester.AssociationId);
        var before = Assert.Single((await LoadAsync(url)).Events);

        await app.CancelAsync(parties.Requester.Owner, match.Id());
        var after = Assert.Single((await LoadAsync(url)).Events);

        Assert.Equal(before.Uid, after.Uid);
        Assert.Equal("CANCELLED", after.Status);
        Assert.True(after.Sequence > before.Sequence);
    }

    [Fact]
    public async Task A_second_parser_imports_the_same_events_at_the_same_instants()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var cancelled = await app.AcceptedMatchAsync(parties);
        await app.CancelAsync(parties.Requester.Owner, cancelled.Id());
        var request = await app.PublishListingAsync(parties.Requester.Owner, parties.Requester.AssociationId, "room", "request");
        var kept = (await app.AcceptAsync(parties.Provider.Owner, (await app.ProposeAsync(parties.Requester.Owner, request.Id(), parties.OfferId)).Id()))
            .GetProperty("match");
        var url = await RenewAsync(parties.Provider.Owner.Client, parties.Provider.AssociationId);

        var read = await IcalJs.ReadAsync(await FeedAsync(url));

        Assert.Equal(["Europe/Berlin"], read.TimeZones);
        Assert.Equal(2, read.Events.Count);
        foreach (var (match, status) in new[] { (kept, "CONFIRMED"), (cancelled, "CANCELLED") })
        {
            var bookingId = await app.QueryScalarAsync<Guid>("SELECT id FROM booking WHERE match_id = @id", match.Id());
            var (start, end) = await BookingTimesAsync(bookingId);
            var e = Assert.Single(read.Events, e => e.Uid == $"booking-{bookingId}@resourceshare");
            Assert.Equal(status, e.Status);
            Assert.Equal("Europe/Berlin", e.StartTzid);
            Assert.Equal(new DateTimeOffset(start), e.Start);
            Assert.Equal(new DateTimeOffset(end), e.End);
            Assert.Contains(match.GetProperty("requester").Str("name"), e.Summary);
        }
    }

    [Fact]
    public async Task Booking_ics_carries_the_same_event_as_the_feed()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var match = await app.AcceptedMatchAsync(parties);
        var bookingId = await app.QueryScalarAsync<Guid>("SELECT id FROM booking WHERE match_id = @id", match.Id());
        var feed = Assert.Single((await LoadAsync(await RenewAsync(parties.Provider.Owner.Client, parties.Provider.AssociationId))).Events);

        var response = await parties.Provider.Owner.Client.GetAsync($"/api/v1/associations/{parties.Provider.AssociationId}/bookings/{bookingId}.ics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var single = Assert.Single(IcalCalendar.Load(await response.Content.ReadAsStringAsync())!.Events);
        Assert.Equal(feed.Uid, single.Uid);
        Assert.Equal(feed.DtStart, single.DtStart);
    }

    [Fact]
    public async Task Renewing_ends_the_old_url_and_revoking_ends_the_feed()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var first = await RenewAsync(owner.Client, associationId);

        var second = await RenewAsync(owner.Client, associationId);
        using var anonymous = app.CreateClient();
        await ProblemAssert.IsAsync(await anonymous.GetAsync(first), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(second)).StatusCode);
        var status = await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/associations/{associationId}/calendar-feed");
        Assert.True(status.GetProperty("active").GetBoolean());
        Assert.False(status.TryGetProperty("url", out _));

        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client.DeleteAsync($"/api/v1/associations/{associationId}/calendar-feed")).StatusCode);
        await ProblemAssert.IsAsync(await anonymous.GetAsync(second), HttpStatusCode.NotFound, "not-found");
        status = await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/associations/{associationId}/calendar-feed");
        Assert.False(status.GetProperty("active").GetBoolean());
    }

    [Theory]
    [InlineData("/api/v1/calendar-feeds/rsc_unknown.ics")]
    [InlineData("/api/v1/calendar-feeds/rsc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")]
    [InlineData("/api/v1/calendar-feeds/rsk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")]
    public async Task Unknown_feed_is_a_404_problem(string path)
    {
        using var anonymous = app.CreateClient();

        await ProblemAssert.IsAsync(await anonymous.GetAsync(path), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Only_the_association_reads_and_manages_its_feed_and_bookings()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var match = await app.AcceptedMatchAsync(parties);
        var bookingId = await app.QueryScalarAsync<Guid>("SELECT id FROM booking WHERE match_id = @id", match.Id());
        var provider = parties.Provider.AssociationId;
        var member = await app.AddMemberAsync(parties.Provider.Owner, provider, "member");
        var outsider = await app.RegisterAsync("outsider");
        var outsiderAssociation = await app.CreateAssociationAsync(outsider);

        await ProblemAssert.IsAsync(await member.Client.PostAsync($"/api/v1/associations/{provider}/calendar-feed", null), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await member.Client.GetAsync($"/api/v1/associations/{provider}/bookings/{bookingId}.ics")).StatusCode);
        await ProblemAssert.IsAsync(await outsider.Client.PostAsync($"/api/v1/associations/{provider}/calendar-feed", null), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(await outsider.Client.DeleteAsync($"/api/v1/associations/{provider}/calendar-feed"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(await outsider.Client.GetAsync($"/api/v1/associations/{provider}/calendar-feed"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(await outsider.Client.GetAsync($"/api/v1/associations/{provider}/bookings/{bookingId}.ics"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(
            await outsider.Client.GetAsync($"/api/v1/associations/{outsiderAssociation}/bookings/{bookingId}.ics"), HttpStatusCode.NotFound, "not-found");
        using var anonymous = app.CreateClient();
        await ProblemAssert.IsAsync(await anonymous.PostAsync($"/api/v1/associations/{provider}/calendar-feed", null), HttpStatusCode.Unauthorized);
    }

    private async Task<(DateTime Start, DateTime End)> BookingTimesAsync(Guid bookingId) =>
        (DateTime.SpecifyKind(await app.QueryScalarAsync<DateTime>("SELECT lower(during) FROM booking WHERE id = @id", bookingId), DateTimeKind.Utc),
         DateTime.SpecifyKind(await app.QueryScalarAsync<DateTime>("SELECT upper(during) FROM booking WHERE id = @id", bookingId), DateTimeKind.Utc));

    private static async Task<string> RenewAsync(HttpClient client, Guid associationId)
    {
        var response = await client.PostAsync($"/api/v1/associations/{associationId}/calendar-feed", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var url = (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("url");
        Assert.Matches("/api/v1/calendar-feeds/rsc_[A-Za-z0-9_-]{43}\\.ics$", url);
        return new Uri(url).PathAndQuery;
    }

    private async Task<IcalCalendar> LoadAsync(string path) => IcalCalendar.Load(await FeedAsync(path))!;

    private async Task<string> FeedAsync(string path)
    {
        using var anonymous = app.CreateClient();
        var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }
}
