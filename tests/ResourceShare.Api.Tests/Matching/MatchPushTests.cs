using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Api.Tests.Moderation;
using static ResourceShare.Api.Tests.Matching.MatchingScenario;

namespace ResourceShare.Api.Tests.Matching;

/// <summary>
/// Publishing a listing notifies the counterparts it matches well; the listing search's free-time filter
/// respects confirmed bookings.
/// </summary>
public sealed class MatchPushTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private sealed record Notification(string Kind, Guid? ListingId, JsonElement Data);

    [Fact]
    public async Task Publishing_a_request_notifies_each_offering_association_once_with_its_best_offer()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var offer = await s.OfferAsync();
        var secondOffer = await s.OfferAsync(northKm: 9);

        var request = await s.RequestAsync();

        var notification = Assert.Single(await NotificationsAsync(s.OffererId));
        Assert.Equal("request_matches_offer", notification.Kind);
        Assert.Equal(offer, notification.ListingId);
        Assert.Equal(request, notification.Data.GetProperty("listingId").GetGuid());
        Assert.StartsWith("room request", notification.Data.Str("title"));
        Assert.True(notification.Data.GetProperty("score").GetInt32() >= 60);
        Assert.DoesNotContain(secondOffer, (await NotificationsAsync(s.OffererId)).Select(n => n.ListingId));
        Assert.Empty(await NotificationsAsync(s.RequesterId));
    }

    [Fact]
    public async Task Publishing_an_offer_notifies_the_requesting_association()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var request = await s.RequestAsync();

        var offer = await s.OfferAsync();

        var notification = Assert.Single(await NotificationsAsync(s.RequesterId));
        Assert.Equal(("offer_matches_request", request, offer), (notification.Kind, notification.ListingId, notification.Data.GetProperty("listingId").GetGuid()));
    }

    [Fact]
    public async Task Counterpart_scoring_below_the_threshold_is_not_notified()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var weakOwner = await app.RegisterAsync();
        var weak = await app.CreateAssociationAsync(weakOwner);
        var created = await app.CreateListingAsync(weakOwner, weak, change: b =>
        {
            b["place"]!["latitude"] = s.Latitude;
            b["place"]!["longitude"] = s.Longitude;
            b["details"]!["capacity"] = 300;
            b["terms"] = new JsonObject { ["kind"] = "cost_sharing", ["costEur"] = 20 };
        });
        await app.SetListingStatusAsync(created.Id(), "published");
        await s.ExecuteAsync("UPDATE listing SET published_at = now() - interval '90 days' WHERE id = @id", ("id", created.Id()));

        var request = await s.RequestAsync(change: All(Detail("attendees", 10), Terms(new JsonObject { ["kind"] = "free", ["maxBudgetEur"] = 20 })));

        Assert.True(Candidate(await s.MatchesAsync(request), created.Id()).GetProperty("score").GetInt32() < 60);
        Assert.Empty(await NotificationsAsync(weak));
    }

    [Fact]
    public async Task Pausing_and_resuming_does_not_notify_again_and_pending_review_does_not_notify()
    {
        var s = await MatchingScenario.CreateAsync(app);
        await s.OfferAsync();
        var request = await s.RequestAsync();
        Assert.Single(await NotificationsAsync(s.OffererId));

        (await s.Requester.Client.PostAsync($"/api/v1/listings/{request}/pause", null)).EnsureSuccessStatusCode();
        (await s.Requester.Client.PostAsync($"/api/v1/listings/{request}/resume", null)).EnsureSuccessStatusCode();
        var pending = await s.PendingRequestAsync();

        Assert.Equal("pending_review", pending.Str("status"));
        Assert.Single(await NotificationsAsync(s.OffererId));
    }

    [Fact]
    public async Task A_moderator_approving_a_pending_request_notifies_the_offering_association()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var offer = await s.OfferAsync();
        var pending = (await s.PendingRequestAsync()).Id();
        Assert.Empty(await NotificationsAsync(s.OffererId));
        var moderator = await app.SignInWithRoleAsync("moderator");

        (await moderator.DecideAsync($"listings/{pending}/approve")).EnsureSuccessStatusCode();

        var notification = Assert.Single(await NotificationsAsync(s.OffererId));
        Assert.Equal(("request_matches_offer", offer, pending), (notification.Kind, notification.ListingId, notification.Data.GetProperty("listingId").GetGuid()));
    }

    [Fact]
    public async Task A_listing_hidden_by_reports_is_neither_matched_nor_open_to_proposals()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var offer = await s.OfferAsync();
        var request = await s.RequestAsync();
        Assert.Contains(offer, Ids(await s.MatchesAsync(request)));

        for (var i = 0; i < 3; i++)
        {
            await app.ReportFromNewAssociationAsync(offer);
        }

        var answer = await s.MatchesAsync(request);
        Assert.DoesNotContain(offer, Ids(answer).Concat(Ids(answer, "nearMisses")));
        var proposal = await app.PostProposalAsync(s.Requester.Client, request, offer);
        Assert.Equal(HttpStatusCode.BadRequest, proposal.StatusCode);
    }

    [Fact]
    public async Task Search_for_free_time_leaves_out_a_booked_room_but_not_one_booked_right_before()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var room = await s.OfferAsync(change: During((Day(7, 10), Day(7, 22))));
        var request = await s.RequestAsync();
        await s.BookAsync(room, request, Day(7, 14), Day(7, 16));

        Assert.DoesNotContain(room, await FreeAsync(s.OffererId, Day(7, 15), Day(7, 17)));
        Assert.Contains(room, await FreeAsync(s.OffererId, Day(7, 16), Day(7, 18)));
    }

    [Fact]
    public async Task Search_for_free_time_keeps_equipment_while_one_unit_is_free()
    {
        var s = await MatchingScenario.CreateAsync(app);
        var beamers = await s.OfferAsync("equipment", change: All(Detail("quantity", 2), During((Day(7, 10), Day(7, 22)))));
        var request = await s.RequestAsync("equipment");
        await s.BookAsync(beamers, request, Day(7, 12), Day(7, 16), exclusive: false);
        Assert.Contains(beamers, await FreeAsync(s.OffererId, Day(7, 14), Day(7, 18)));

        await s.BookAsync(beamers, request, Day(7, 15), Day(7, 17), exclusive: false);

        Assert.DoesNotContain(beamers, await FreeAsync(s.OffererId, Day(7, 14), Day(7, 18)));
        Assert.Contains(beamers, await FreeAsync(s.OffererId, Day(7, 16), Day(7, 18)));
    }

    private async Task<List<Guid>> FreeAsync(Guid associationId, DateTimeOffset from, DateTimeOffset to)
    {
        static string Instant(DateTimeOffset value) => Uri.EscapeDataString(value.ToString("yyyy-MM-ddTHH:mm:sszzz"));
        using var anonymous = app.CreateClient();
        var result = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/listings?associationId={associationId}&freeFrom={Instant(from)}&freeTo={Instant(to)}");
        return result.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("listing").Id()).ToList();
    }

    private async Task<List<Notification>> NotificationsAsync(Guid associationId)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT kind, listing_id, data::text FROM notification WHERE association_id = @id ORDER BY created_at", conn);
        command.Parameters.AddWithValue("id", associationId);
        await using var reader = await command.ExecuteReaderAsync();
        var notifications = new List<Notification>();
        while (await reader.ReadAsync())
        {
            notifications.Add(new Notification(
                reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), JsonDocument.Parse(reader.GetString(2)).RootElement.Clone()));
        }

        return notifications;
    }
}
