using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Matches;

/// <summary>What accepting books: windows that touch, series all-or-nothing or skipping, cancelling a series, the bookings list, fairness.</summary>
public sealed class BookingTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private static readonly DateTimeOffset Start = ListingBodies.Day(7, 16);

    private static Action<JsonObject> Window(DateTimeOffset start, DateTimeOffset end) =>
        b => b["schedule"] = new JsonObject { ["windows"] = new JsonArray(ListingBodies.Window(start, end)) };

    /// <summary>Every <paramref name="day"/> from two days ahead for four weeks, 18:00–20:00 (Berlin) for a request, 17:00–21:00 for an offer.</summary>
    private static Action<JsonObject> Weekly(string kind)
    {
        var first = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2);
        return b => b["schedule"] = new JsonObject
        {
            ["weekly"] = new JsonArray(new JsonObject
            {
                ["days"] = new JsonArray(first.DayOfWeek.ToString().ToLowerInvariant()),
                ["from"] = kind == "request" ? "18:00" : "17:00",
                ["to"] = kind == "request" ? "20:00" : "21:00",
                ["startDate"] = first.ToString("O"),
                ["endDate"] = first.AddDays(21).ToString("O"),
            }),
        };
    }

    /// <summary>Another association requests the offer for one window and has it accepted.</summary>
    private async Task<JsonElement> BookedByAnotherAsync(MatchParties parties, DateTimeOffset start, DateTimeOffset end, string category = "room")
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateVerifiedAssociationAsync(owner);
        var request = await app.PublishListingAsync(owner, associationId, category, "request", Window(start, end));
        var proposed = await app.ProposeAsync(owner, request.Id(), parties.OfferId);
        return await ResourceShareApp.PostMoveAsync(parties.Provider.Owner.Client, proposed.Id(), "accept").Result.JsonAsync(HttpStatusCode.OK);
    }

    private async Task<HttpResponseMessage> ProposeAndAcceptAsync(MatchParties parties, TestUser requester, Guid requestId)
    {
        var proposed = await app.ProposeAsync(requester, requestId, parties.OfferId);
        return await ResourceShareApp.PostMoveAsync(parties.Provider.Owner.Client, proposed.Id(), "accept");
    }

    [Fact]
    public async Task Windows_that_touch_at_one_instant_are_both_booked_and_an_overlapping_one_is_refused_by_name()
    {
        var parties = await app.CreateMatchPartiesAsync(request: Window(Start, Start.AddMinutes(90)));
        await app.AcceptedMatchAsync(parties);

        await BookedByAnotherAsync(parties, Start.AddMinutes(90), Start.AddHours(3));
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateVerifiedAssociationAsync(owner);
        var overlapping = await app.PublishListingAsync(owner, associationId, "room", "request", Window(Start.AddHours(1), Start.AddHours(2)));
        var refused = await ProposeAndAcceptAsync(parties, owner, overlapping.Id());

        var problem = await ProblemAssert.IsAsync(refused, HttpStatusCode.Conflict, "conflict");
        Assert.Equal(Start.AddHours(1), problem.GetProperty("window").GetProperty("start").GetDateTimeOffset());
        Assert.Contains(Start.AddHours(1).ToString("yyyy-MM-dd HH:mm"), problem.Str("detail"));
        Assert.Equal(2L, await app.QueryScalarAsync<long>("SELECT count(*) FROM booking WHERE offer_id = @id AND status = 'confirmed'", parties.OfferId));
    }

    [Fact]
    public async Task A_refused_accept_leaves_the_proposal_open_and_books_nothing()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var proposed = await app.ProposeAsync(parties);
        await BookedByAnotherAsync(parties, Start, Start.AddHours(3));

        var refused = await ResourceShareApp.PostMoveAsync(parties.Provider.Owner.Client, proposed.Id(), "accept");

        await ProblemAssert.IsAsync(refused, HttpStatusCode.Conflict, "conflict");
        var match = await parties.Provider.Owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/matches/{proposed.Id()}");
        Assert.Equal("proposed", match.Str("status"));
        Assert.Empty(match.GetProperty("bookings").EnumerateArray());
    }

    [Fact]
    public async Task A_series_is_booked_all_or_nothing_by_default_and_skips_conflicts_when_asked()
    {
        var parties = await app.CreateMatchPartiesAsync(request: Weekly("request"), offer: Weekly("offer"));
        var proposed = await app.ProposeAsync(parties);
        var windows = proposed.GetProperty("windows").EnumerateArray().ToList();
        var second = (Start: windows[1].GetProperty("start").GetDateTimeOffset(), End: windows[1].GetProperty("end").GetDateTimeOffset());
        await BookedByAnotherAsync(parties, second.Start, second.End);

        var allOrNothing = await ResourceShareApp.PostMoveAsync(parties.Provider.Owner.Client, proposed.Id(), "accept", new { conflicts = "reject" });
        var skipping = await app.AcceptAsync(parties.Provider.Owner, proposed.Id(), "skip");

        Assert.Equal(4, windows.Count);
        Assert.True(proposed.GetProperty("windows")[0].GetProperty("start").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        var problem = await ProblemAssert.IsAsync(allOrNothing, HttpStatusCode.Conflict, "conflict");
        Assert.Equal(second.Start, problem.GetProperty("window").GetProperty("start").GetDateTimeOffset());
        Assert.Equal(3, skipping.GetProperty("booked").GetArrayLength());
        Assert.Equal(second.Start, Assert.Single(skipping.GetProperty("skipped").EnumerateArray()).GetProperty("start").GetDateTimeOffset());
        Assert.Equal(3, skipping.GetProperty("match").GetProperty("bookings").GetArrayLength());
    }

    [Fact]
    public async Task Cancelling_a_series_underway_cancels_every_booking_still_ahead_at_once()
    {
        var parties = await app.CreateMatchPartiesAsync(request: Weekly("request"), offer: Weekly("offer"));
        var match = await app.AcceptedMatchAsync(parties);
        await app.MoveMatchIntoPastAsync(match.Id(), TimeSpan.FromDays(3));

        var cancelled = await app.CancelAsync(parties.Provider.Owner, match.Id(), "Renovierung.");

        var bookings = cancelled.GetProperty("bookings").EnumerateArray().ToList();
        Assert.Equal("cancelled", cancelled.Str("status"));
        Assert.Equal("Renovierung.", cancelled.Str("reason"));
        Assert.Equal("confirmed", bookings[0].Str("status"));
        Assert.Equal(3, bookings.Skip(1).Count(b => b.Str("status") == "cancelled"));
        Assert.Single(bookings.Skip(1).Select(b => b.GetProperty("cancelledAt").GetDateTimeOffset()).Distinct());
    }

    [Fact]
    public async Task A_cancelled_series_frees_its_windows_for_others()
    {
        var parties = await app.CreateMatchPartiesAsync(request: Weekly("request"), offer: Weekly("offer"));
        var match = await app.AcceptedMatchAsync(parties);
        var second = match.GetProperty("bookings")[1];

        await app.CancelAsync(parties.Requester.Owner, match.Id());
        var again = await BookedByAnotherAsync(parties, second.GetProperty("start").GetDateTimeOffset(), second.GetProperty("end").GetDateTimeOffset());

        Assert.Equal("accepted", again.GetProperty("match").Str("status"));
    }

    [Fact]
    public async Task Equipment_is_shared_until_its_units_are_booked()
    {
        var parties = await app.CreateMatchPartiesAsync("equipment", request: b => b["details"]!["quantity"] = 1, offer: b => b["details"]!["quantity"] = 3);
        await app.AcceptedMatchAsync(parties);
        await BookedByAnotherAsync(parties, Start, Start.AddHours(3), "equipment");

        var owner = await app.RegisterAsync();
        var associationId = await app.CreateVerifiedAssociationAsync(owner);
        var third = await app.PublishListingAsync(owner, associationId, "equipment", "request", b => b["details"]!["quantity"] = 1);
        var refused = await ProposeAndAcceptAsync(parties, owner, third.Id());

        await ProblemAssert.IsAsync(refused, HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task The_database_itself_refuses_equipment_beyond_its_units_whoever_inserts()
    {
        var parties = await app.CreateMatchPartiesAsync("equipment");
        var match = await app.AcceptedMatchAsync(parties);

        var overbooking = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => app.ExecuteSqlAsync(
            """
            INSERT INTO booking (id, match_id, offer_id, requester_id, provider_id, during, quantity, exclusive)
            SELECT gen_random_uuid(), match_id, offer_id, requester_id, provider_id, during, 1, false
              FROM booking WHERE match_id = @id AND quantity = @value
            """,
            match.Id(), 2));

        Assert.Equal(2, match.GetProperty("quantity").GetInt32());
        Assert.Equal("23P01", overbooking.SqlState);
    }

    [Fact]
    public async Task The_bookings_list_shows_both_sides_in_start_order_with_the_counterpart()
    {
        var parties = await app.CreateMatchPartiesAsync(request: Weekly("request"), offer: Weekly("offer"));
        var match = await app.AcceptedMatchAsync(parties);

        var provider = parties.Provider.Owner.Client;
        var pages = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await provider.GetFromJsonAsync<JsonElement>(
                $"/api/v1/associations/{parties.Provider.AssociationId}/bookings?limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            pages.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        var asRequester = await parties.Requester.Owner.Client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/associations/{parties.Requester.AssociationId}/bookings");
        var secondOnward = pages[1].GetProperty("start").GetDateTimeOffset();
        var later = await provider.GetFromJsonAsync<JsonElement>(
            $"/api/v1/associations/{parties.Provider.AssociationId}/bookings?from={Uri.EscapeDataString(secondOnward.ToString("O"))}");

        Assert.Equal(4, pages.Count);
        Assert.Equal(pages.OrderBy(b => b.GetProperty("start").GetDateTimeOffset()).Select(b => b.Id()), pages.Select(b => b.Id()));
        Assert.All(pages, b =>
        {
            Assert.Equal("provider", b.Str("role"));
            Assert.Equal(match.Id(), b.GetProperty("matchId").GetGuid());
            Assert.Equal(match.GetProperty("requester").Str("name"), b.Str("counterpartName"));
        });
        Assert.All(asRequester.GetProperty("items").EnumerateArray(), b => Assert.Equal("requester", b.Str("role")));
        Assert.Equal(3, later.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Only_the_associations_members_and_keys_see_its_bookings()
    {
        var parties = await app.CreateMatchPartiesAsync();
        await app.AcceptedMatchAsync(parties);
        var url = $"/api/v1/associations/{parties.Provider.AssociationId}/bookings";
        var member = await app.AddMemberAsync(parties.Provider.Owner, parties.Provider.AssociationId, "member");
        var key = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(parties.Provider.Owner, parties.Provider.AssociationId, "matches:write"));

        Assert.Single((await member.Client.GetFromJsonAsync<JsonElement>(url)).GetProperty("items").EnumerateArray());
        Assert.Single((await key.GetFromJsonAsync<JsonElement>(url)).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await parties.Requester.Owner.Client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_requester_holds_a_limited_number_of_future_bookings_of_one_offer()
    {
        var parties = await app.CreateMatchPartiesAsync(request: Weekly("request"), offer: Weekly("offer"));
        var proposed = await app.ProposeAsync(parties);
        using var limited = app.WithSettings(("Matching:MaxFutureBookingsPerOffer", "3"));
        var provider = limited.CreateClient();
        provider.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", parties.Provider.Owner.AccessToken);

        var refused = await ResourceShareApp.PostMoveAsync(provider, proposed.Id(), "accept");

        var problem = await ProblemAssert.IsAsync(refused, HttpStatusCode.Conflict, "conflict");
        Assert.Equal(3, problem.GetProperty("limit").GetInt32());
        Assert.Equal(0L, await app.QueryScalarAsync<long>("SELECT count(*) FROM booking WHERE offer_id = @id", parties.OfferId));
    }
}
