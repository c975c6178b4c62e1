using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Listings;

public sealed class ListingValidationTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>, IAsyncLifetime
{
    private TestUser owner = null!;
    private Guid associationId;

    public async Task InitializeAsync()
    {
        owner = await app.RegisterAsync();
        associationId = await app.CreateAssociationAsync(owner);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private sealed record Case(string Category, string Kind, Action<JsonObject> Change, string Field);

    private static JsonObject Part(JsonObject body, string name) => body[name]!.AsObject();

    private static JsonObject FirstWindow(JsonObject body) => Part(body, "schedule")["windows"]![0]!.AsObject();

    private static DateTimeOffset Day(int days, int hour = 18) => ListingBodies.Day(days, hour);

    private static JsonObject Weekly(string from = "18:00", string to = "21:00", string[]? days = null, int startIn = 2, int endIn = 60) => new()
    {
        ["days"] = new JsonArray((days ?? ["tuesday"]).Select(d => (JsonNode?)d).ToArray()),
        ["from"] = from,
        ["to"] = to,
        ["startDate"] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(startIn).ToString("O"),
        ["endDate"] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(endIn).ToString("O"),
    };

    private static Case Room(Action<JsonObject> change, string field) => new("room", "offer", change, field);

    private static readonly Dictionary<string, Case> BadInputs = new()
    {
        // Wrong types
        ["title_as_number"] = Room(b => b["title"] = 42, "title"),
        ["kind_as_number"] = Room(b => b["kind"] = 1, "kind"),
        ["capacity_as_text"] = Room(b => Part(b, "details")["capacity"] = "vierzig", "details.capacity"),
        ["features_as_text"] = Room(b => Part(b, "details")["features"] = "kitchen", "details.features"),
        ["latitude_as_text"] = Room(b => Part(b, "place")["latitude"] = "north", "place.latitude"),
        ["remoteOk_as_text"] = Room(b => Part(b, "place")["remoteOk"] = "yes", "place.remoteOk"),
        ["window_start_as_text"] = Room(b => FirstWindow(b)["start"] = "next tuesday", "schedule.windows[0].start"),
        ["costEur_as_text"] = Room(b => b["terms"] = new JsonObject { ["kind"] = "cost_sharing", ["costEur"] = "zehn" }, "terms.costEur"),
        ["validUntil_as_number"] = Room(b => b["validUntil"] = 20270101, "validUntil"),
        ["driverIncluded_as_text"] = new("vehicle", "offer", b => Part(b, "details")["driverIncluded"] = "ja", "details.driverIncluded"),
        // Missing fields
        ["no_kind"] = Room(b => b.Remove("kind"), "kind"),
        ["no_category"] = Room(b => b.Remove("category"), "category"),
        ["no_title"] = Room(b => b.Remove("title"), "title"),
        ["blank_title"] = Room(b => b["title"] = "", "title"),
        ["no_contentLanguage"] = Room(b => b.Remove("contentLanguage"), "contentLanguage"),
        ["no_details"] = Room(b => b.Remove("details"), "details"),
        ["no_place"] = Room(b => b.Remove("place"), "place"),
        ["no_schedule"] = Room(b => b.Remove("schedule"), "schedule"),
        ["no_terms"] = Room(b => b.Remove("terms"), "terms"),
        ["room_offer_without_capacity"] = Room(b => Part(b, "details").Remove("capacity"), "details.capacity"),
        ["room_request_without_attendees"] = new("room", "request", b => Part(b, "details").Remove("attendees"), "details.attendees"),
        ["interpreting_without_languagePairs"] = new("interpreting", "offer", b => Part(b, "details").Remove("languagePairs"), "details.languagePairs"),
        ["interpreting_with_no_languagePairs"] = new("interpreting", "request", b => Part(b, "details")["languagePairs"] = new JsonArray(), "details.languagePairs"),
        ["interpreting_without_modes"] = new("interpreting", "offer", b => Part(b, "details").Remove("modes"), "details.modes"),
        ["interpreting_with_no_modes"] = new("interpreting", "offer", b => Part(b, "details")["modes"] = new JsonArray(), "details.modes"),
        ["language_pair_without_to"] = new("interpreting", "offer", b => Part(b, "details")["languagePairs"]![0]!.AsObject().Remove("to"), "details.languagePairs[0].to"),
        ["equipment_without_itemType"] = new("equipment", "offer", b => Part(b, "details").Remove("itemType"), "details.itemType"),
        ["equipment_with_blank_itemType"] = new("equipment", "offer", b => Part(b, "details")["itemType"] = " ", "details.itemType"),
        ["equipment_without_quantity"] = new("equipment", "request", b => Part(b, "details").Remove("quantity"), "details.quantity"),
        ["vehicle_without_seats"] = new("vehicle", "offer", b => Part(b, "details").Remove("seats"), "details.seats"),
        ["expertise_without_topics"] = new("expertise", "offer", b => Part(b, "details").Remove("topics"), "details.topics"),
        ["expertise_with_no_topics"] = new("expertise", "request", b => Part(b, "details")["topics"] = new JsonArray(), "details.topics"),
        ["other_without_text"] = new("other", "offer", b => Part(b, "details").Remove("text"), "details.text"),
        ["other_with_blank_text"] = new("other", "offer", b => Part(b, "details")["text"] = "   ", "details.text"),
        ["place_without_postalCode"] = Room(b => Part(b, "place").Remove("postalCode"), "place.postalCode"),
        ["place_without_city"] = Room(b => Part(b, "place").Remove("city"), "place.city"),
        ["latitude_without_longitude"] = Room(b => Part(b, "place").Remove("longitude"), "place.longitude"),
        ["empty_schedule"] = Room(b => b["schedule"] = new JsonObject(), "schedule"),
        ["window_without_end"] = Room(b => FirstWindow(b).Remove("end"), "schedule.windows[0].end"),
        ["weekly_without_startDate"] = Room(b => b["schedule"] = new JsonObject { ["weekly"] = new JsonArray(Weekly().Also(r => r.Remove("startDate"))) }, "schedule.weekly[0].startDate"),
        ["weekly_without_days"] = Room(b => b["schedule"] = new JsonObject { ["weekly"] = new JsonArray(Weekly(days: [])) }, "schedule.weekly[0].days"),
        ["terms_without_kind"] = Room(b => b["terms"] = new JsonObject(), "terms.kind"),
        ["cost_sharing_without_amount"] = Room(b => b["terms"] = new JsonObject { ["kind"] = "cost_sharing" }, "terms.costEur"),
        ["exchange_without_exchangeFor"] = Room(b => b["terms"] = new JsonObject { ["kind"] = "exchange" }, "terms.exchangeFor"),
        // Out of range
        ["capacity_zero"] = Room(b => Part(b, "details")["capacity"] = 0, "details.capacity"),
        ["capacity_too_large"] = Room(b => Part(b, "details")["capacity"] = 5001, "details.capacity"),
        ["attendees_negative"] = new("room", "request", b => Part(b, "details")["attendees"] = -1, "details.attendees"),
        ["area_zero"] = Room(b => Part(b, "details")["areaM2"] = 0, "details.areaM2"),
        ["quantity_too_large"] = new("equipment", "offer", b => Part(b, "details")["quantity"] = 10001, "details.quantity"),
        ["seats_too_many"] = new("vehicle", "offer", b => Part(b, "details")["seats"] = 101, "details.seats"),
        ["cargo_negative"] = new("vehicle", "offer", b => Part(b, "details")["cargoVolumeM3"] = -1, "details.cargoVolumeM3"),
        ["capacity_beyond_int"] = Room(b => Part(b, "details")["capacity"] = 3_000_000_000L, "details.capacity"),
        ["too_many_features"] = Room(b => Part(b, "details")["features"] = new JsonArray(Enumerable.Range(0, 21).Select(_ => (JsonNode?)"wifi").ToArray()), "details.features"),
        ["latitude_beyond_pole"] = Room(b => Part(b, "place")["latitude"] = 91, "place.latitude"),
        ["longitude_beyond_range"] = Room(b => Part(b, "place")["longitude"] = -181, "place.longitude"),
        ["service_radius_too_large"] = Room(b => Part(b, "place")["serviceRadiusKm"] = 1001, "place.serviceRadiusKm"),
        ["postal_code_of_four_digits"] = Room(b => Part(b, "place")["postalCode"] = "6031", "place.postalCode"),
        ["cost_with_three_decimals"] = Room(b => b["terms"] = new JsonObject { ["kind"] = "cost_sharing", ["costEur"] = 10.005 }, "terms.costEur"),
        ["cost_negative"] = Room(b => b["terms"] = new JsonObject { ["kind"] = "cost_sharing", ["costEur"] = -1 }, "terms.costEur"),
        ["cost_too_large"] = Room(b => b["terms"] = new JsonObject { ["kind"] = "cost_sharing", ["costEur"] = 100_000.01 }, "terms.costEur"),
        ["budget_negative"] = new("room", "request", b => b["terms"] = new JsonObject { ["kind"] = "free", ["maxBudgetEur"] = -5 }, "terms.maxBudgetEur"),
        ["title_too_long"] = Room(b => b["title"] = new string('T', 121), "title"),
        ["description_too_long"] = Room(b => b["description"] = new string('D', 4001), "description"),
        ["validUntil_in_the_past"] = Room(b => b["validUntil"] = DateTimeOffset.UtcNow.AddDays(-1), "validUntil"),
        ["validUntil_beyond_a_year"] = Room(b => b["validUntil"] = DateTimeOffset.UtcNow.AddDays(400), "validUntil"),
        // Unknown values
        ["unknown_category"] = Room(b => b["category"] = "boat", "category"),
        ["unknown_kind"] = Room(b => b["kind"] = "gift", "kind"),
        ["unknown_terms_kind"] = Room(b => b["terms"] = new JsonObject { ["kind"] = "barter" }, "terms.kind"),
        ["unknown_feature"] = Room(b => Part(b, "details")["features"] = new JsonArray("sauna"), "details.features[0]"),
        ["unknown_mode"] = new("interpreting", "offer", b => Part(b, "details")["modes"] = new JsonArray("telepathy"), "details.modes[0]"),
        ["unknown_delivery"] = new("interpreting", "offer", b => Part(b, "details")["delivery"] = new JsonArray("drone"), "details.delivery[0]"),
        ["unknown_content_language"] = Room(b => b["contentLanguage"] = "xx", "contentLanguage"),
        ["unknown_pair_language"] = new("interpreting", "offer", b => Part(b, "details")["languagePairs"]![0]!["from"] = "klingon", "details.languagePairs[0].from"),
        ["pair_of_one_language"] = new("interpreting", "offer", b => Part(b, "details")["languagePairs"]![0]!["to"] = "DE", "details.languagePairs[0].to"),
        ["topic_not_a_tag"] = new("expertise", "offer", b => Part(b, "details")["topics"] = new JsonArray("Grant Writing"), "details.topics[0]"),
        ["itemTag_not_a_tag"] = new("equipment", "offer", b => Part(b, "details")["itemTag"] = "Beamer!", "details.itemTag"),
        ["field_of_another_category"] = Room(b => Part(b, "details")["seats"] = 4, "details.seats"),
        ["capacity_on_a_request"] = new("room", "request", b => Part(b, "details")["capacity"] = 30, "details.capacity"),
        ["unknown_detail_field"] = Room(b => Part(b, "details")["sauna"] = true, "details.sauna"),
        ["status_set_by_the_client"] = Room(b => b["status"] = "published", "status"),
        ["unknown_day"] = Room(b => b["schedule"] = new JsonObject { ["weekly"] = new JsonArray(Weekly(days: ["someday"])) }, "schedule.weekly[0].days[0]"),
        ["radius_on_a_request"] = new("room", "request", b => Part(b, "place")["serviceRadiusKm"] = 5, "place.serviceRadiusKm"),
        ["max_distance_on_an_offer"] = Room(b => Part(b, "place")["maxDistanceKm"] = 5, "place.maxDistanceKm"),
        ["budget_on_an_offer"] = Room(b => b["terms"] = new JsonObject { ["kind"] = "free", ["maxBudgetEur"] = 5 }, "terms.maxBudgetEur"),
        ["amount_without_cost_sharing"] = Room(b => b["terms"] = new JsonObject { ["kind"] = "free", ["costEur"] = 5 }, "terms.costEur"),
        // Impossible times
        ["window_ending_before_it_starts"] = Room(b => FirstWindow(b)["end"] = Day(6), "schedule"),
        ["window_ending_as_it_starts"] = Room(b => FirstWindow(b)["end"] = FirstWindow(b)["start"]!.DeepClone(), "schedule"),
        ["overlapping_windows"] = Room(b => Part(b, "schedule")["windows"] = new JsonArray(
            ListingBodies.Window(Day(7, 16), Day(7, 19)), ListingBodies.Window(Day(7, 18), Day(7, 20))), "schedule"),
        ["weekly_rule_overlapping_a_window"] = Room(b => b["schedule"] = new JsonObject
        {
            ["windows"] = new JsonArray(ListingBodies.Window(Day(0, 0).AddDays(1), Day(0, 0).AddDays(30))),
            ["weekly"] = new JsonArray(Weekly(days: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])),
        }, "schedule"),
        ["window_three_years_ahead"] = Room(b => Part(b, "schedule")["windows"] = new JsonArray(ListingBodies.Window(Day(3 * 365), Day(3 * 365, 21))), "schedule"),
        ["window_in_the_past"] = Room(b => Part(b, "schedule")["windows"] = new JsonArray(ListingBodies.Window(Day(-3), Day(-3, 21))), "schedule"),
        ["thirtieth_of_february"] = Room(b => FirstWindow(b)["start"] = "2027-02-30T18:00:00+01:00", "schedule.windows[0].start"),
        ["hour_25"] = Room(b => b["schedule"] = new JsonObject { ["weekly"] = new JsonArray(Weekly(from: "25:00")) }, "schedule.weekly[0].from"),
        ["minute_60"] = Room(b => b["schedule"] = new JsonObject { ["weekly"] = new JsonArray(Weekly(to: "18:60")) }, "schedule.weekly[0].to"),
        ["time_without_colon"] = Room(b => b["schedule"] = new JsonObject { ["weekly"] = new JsonArray(Weekly(from: "1800")) }, "schedule.weekly[0].from"),
        ["weekly_ending_before_it_starts"] = Room(b => b["schedule"] = new JsonObject { ["weekly"] = new JsonArray(Weekly(startIn: 30, endIn: 10)) }, "schedule.weekly[0].endDate"),
        ["weekly_rule_beyond_two_years"] = Room(b => b["schedule"] = new JsonObject { ["weekly"] = new JsonArray(Weekly(endIn: 800)) }, "schedule.weekly[0].endDate"),
        ["weekly_rule_without_end"] = Room(b => b["schedule"] = new JsonObject
        {
            ["weekly"] = new JsonArray(Weekly(days: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]).Also(r => r["endDate"] = "9999-12-31")),
        }, "schedule.weekly[0].endDate"),
        ["request_with_two_weekly_rules"] = new("room", "request", b => b["schedule"] = new JsonObject
        {
            ["weekly"] = new JsonArray(Weekly(days: ["monday"]), Weekly(days: ["friday"])),
        }, "schedule.weekly"),
    };

    public static TheoryData<string> Cases => new(BadInputs.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Create_with_bad_input_is_400_naming_the_field(string name)
    {
        var (category, kind, change, field) = BadInputs[name];
        var body = ListingBodies.Valid(associationId, category, kind);
        change(body);

        var response = await owner.Client.PostAsJsonAsync("/api/v1/listings", body);

        await ProblemAssert.ValidationAsync(response, field);
    }

    [Fact]
    public async Task Create_that_fails_validation_creates_nothing()
    {
        var body = ListingBodies.Valid(associationId);
        Part(body, "details")["capacity"] = 0;

        await owner.Client.PostAsJsonAsync("/api/v1/listings", body);

        var own = await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/associations/{associationId}/listings?limit=100");
        Assert.DoesNotContain(own.GetProperty("items").EnumerateArray(), l => l.Str("title") == body["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_with_malformed_json_is_400()
    {
        using var content = new StringContent("{\"kind\": \"offer\",", System.Text.Encoding.UTF8, "application/json");

        var response = await owner.Client.PostAsync("/api/v1/listings", content);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "malformed-json");
    }

    [Fact]
    public async Task Validation_messages_follow_Accept_Language()
    {
        using var german = app.CreateClientWithToken(owner.AccessToken);
        german.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var body = ListingBodies.Valid(associationId);
        Part(body, "details").Remove("capacity");

        var response = await german.PostAsJsonAsync("/api/v1/listings", body);

        var problem = await ProblemAssert.ValidationAsync(response, "details.capacity");
        Assert.Equal("Für diese Kategorie erforderlich.", problem.GetProperty("errors").GetProperty("details.capacity")[0].GetString());
    }

    [Fact]
    public async Task Update_with_details_of_another_category_is_400()
    {
        var listing = await app.CreateListingAsync(owner, associationId);

        var response = await owner.Client.PatchAsJsonAsync($"/api/v1/listings/{listing.Id()}", new { details = new { seats = 4 } });

        await ProblemAssert.ValidationAsync(response, "details.seats");
    }

    [Fact]
    public async Task Update_with_an_empty_title_is_400()
    {
        var listing = await app.CreateListingAsync(owner, associationId);

        var response = await owner.Client.PatchAsJsonAsync($"/api/v1/listings/{listing.Id()}", new { title = "" });

        await ProblemAssert.ValidationAsync(response, "title");
    }

    [Fact]
    public async Task Update_with_overlapping_windows_is_400()
    {
        var listing = await app.CreateListingAsync(owner, associationId);

        var response = await owner.Client.PatchAsJsonAsync($"/api/v1/listings/{listing.Id()}", new
        {
            schedule = new { windows = new[] { new { start = Day(7, 10), end = Day(7, 12) }, new { start = Day(7, 11), end = Day(7, 13) } } },
        });

        await ProblemAssert.ValidationAsync(response, "schedule");
    }
}
