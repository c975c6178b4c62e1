using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Listings;

/// <summary>
/// GET /api/v1/listings. Every search is narrowed by associationId or a word no other test uses, so listings
/// of other tests never change an answer.
/// </summary>
public sealed class ListingSearchTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private sealed record Place(string City, string PostalCode, double Latitude, double Longitude);

    private static readonly Place Frankfurt = new("Frankfurt am Main", "60311", 50.11552, 8.68417);
    private static readonly Place Offenbach = new("Offenbach", "63065", 50.10061, 8.76647);
    private static readonly Place Darmstadt = new("Darmstadt", "64283", 49.87167, 8.65027);
    private static readonly Place Wiesbaden = new("Wiesbaden", "65183", 50.08258, 8.24932);
    private static readonly Place Giessen = new("Gießen", "35390", 50.58727, 8.67554);
    private static readonly Place Kassel = new("Kassel", "34117", 51.31667, 9.50000);

    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTimeOffset Day(int days, int hour) => ListingBodies.Day(days, hour);

    private static Action<JsonObject> At(Place place) => b =>
    {
        var p = b["place"]!.AsObject();
        p["city"] = place.City;
        p["postalCode"] = place.PostalCode;
        p["latitude"] = place.Latitude;
        p["longitude"] = place.Longitude;
    };

    private static Action<JsonObject> Titled(string title) => b => b["title"] = title;

    private static Action<JsonObject> Windows(params (DateTimeOffset Start, DateTimeOffset End)[] windows) =>
        b => b["schedule"] = new JsonObject { ["windows"] = new JsonArray(windows.Select(w => (JsonNode?)ListingBodies.Window(w.Start, w.End)).ToArray()) };

    private static Action<JsonObject> Detail(string name, JsonNode value) => b => b["details"]![name] = value;

    private static Action<JsonObject> Terms(string kind) => b => b["terms"] = kind switch
    {
        "cost_sharing" => new JsonObject { ["kind"] = kind, ["costEur"] = 15 },
        "exchange" => new JsonObject { ["kind"] = kind, ["exchangeFor"] = "Mithilfe beim Sommerfest" },
        _ => new JsonObject { ["kind"] = kind },
    };

    private static Action<JsonObject> All(params Action<JsonObject>[] changes) => b =>
    {
        foreach (var change in changes)
        {
            change(b);
        }
    };

    private async Task<(TestUser Owner, Guid AssociationId)> VerifiedAsync()
    {
        var owner = await app.RegisterAsync();
        return (owner, await app.CreateVerifiedAssociationAsync(owner));
    }

    private async Task<Guid> PublishAsync(TestUser owner, Guid associationId, string category = "room", string kind = "offer", Action<JsonObject>? change = null)
    {
        var listing = await app.PublishListingAsync(owner, associationId, category, kind, change);
        Assert.Equal("published", listing.Str("status"));
        return listing.Id();
    }

    private async Task<JsonElement> SearchAsync(string query)
    {
        using var anonymous = app.CreateClient();
        var response = await anonymous.GetAsync("/api/v1/listings?" + query);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<List<Guid>> IdsAsync(string query) => Ids(await SearchAsync(query));

    private static List<Guid> Ids(JsonElement result) =>
        result.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("listing").Id()).ToList();

    private static string Instant(DateTimeOffset value) => Uri.EscapeDataString(value.ToString("yyyy-MM-ddTHH:mm:sszzz"));

    [Fact]
    public async Task Kind_filter_keeps_only_that_kind()
    {
        var (owner, associationId) = await VerifiedAsync();
        var offer = await PublishAsync(owner, associationId);
        var request = await PublishAsync(owner, associationId, kind: "request");

        Assert.Equal([offer], await IdsAsync($"associationId={associationId}&kind=offer"));
        Assert.Equal([request], await IdsAsync($"associationId={associationId}&kind=request"));
    }

    [Fact]
    public async Task Category_filter_keeps_only_that_category_and_counts_show_every_category()
    {
        var (owner, associationId) = await VerifiedAsync();
        var rooms = new[] { await PublishAsync(owner, associationId), await PublishAsync(owner, associationId, kind: "request") };
        await PublishAsync(owner, associationId, "equipment");

        var result = await SearchAsync($"associationId={associationId}&category=room");

        Assert.Equal(rooms.Order(), Ids(result).Order());
        var counts = result.GetProperty("categoryCounts");
        Assert.Equal(2, counts.GetProperty("room").GetInt32());
        Assert.Equal(1, counts.GetProperty("equipment").GetInt32());
        Assert.Equal(0, counts.GetProperty("vehicle").GetInt32());
        Assert.Equal(ListingBodies.Categories.Order(), counts.EnumerateObject().Select(c => c.Name).Order());
    }

    [Fact]
    public async Task Category_counts_follow_the_other_filters_and_ignore_paging()
    {
        var (owner, associationId) = await VerifiedAsync();
        await PublishAsync(owner, associationId);
        await PublishAsync(owner, associationId);
        await PublishAsync(owner, associationId, kind: "request");
        await PublishAsync(owner, associationId, "vehicle");

        var result = await SearchAsync($"associationId={associationId}&kind=offer&limit=1");

        Assert.Single(Ids(result));
        Assert.Equal(2, result.GetProperty("categoryCounts").GetProperty("room").GetInt32());
        Assert.Equal(1, result.GetProperty("categoryCounts").GetProperty("vehicle").GetInt32());
    }

    [Theory]
    [InlineData("Küche")]
    [InlineData("kuche")]
    [InlineData("KÜCHEN")]
    [InlineData("gruppenräume")]
    [InlineData("Gruppenraum Küche")]
    public async Task Text_search_is_German_aware_and_accent_insensitive(string q)
    {
        var (owner, associationId) = await VerifiedAsync();
        var room = await PublishAsync(owner, associationId, change: b =>
        {
            b["title"] = "Gemütlicher Gruppenraum im Nordend";
            b["description"] = "Mit großer Küche, Beamer und WLAN.";
        });
        await PublishAsync(owner, associationId, change: b => b["title"] = "Saal für Feste");

        Assert.Equal([room], await IdsAsync($"associationId={associationId}&q={Uri.EscapeDataString(q)}"));
    }

    [Fact]
    public async Task Text_search_without_a_match_finds_nothing()
    {
        var (owner, associationId) = await VerifiedAsync();
        await PublishAsync(owner, associationId);

        Assert.Empty(await IdsAsync($"associationId={associationId}&q=Sauna"));
    }

    [Fact]
    public async Task Near_a_place_name_keeps_listings_within_the_radius()
    {
        var (owner, associationId) = await VerifiedAsync();
        var offenbach = await PublishAsync(owner, associationId, change: At(Offenbach));
        var darmstadt = await PublishAsync(owner, associationId, change: At(Darmstadt));
        await PublishAsync(owner, associationId, change: At(Kassel));

        Assert.Equal([offenbach], await IdsAsync($"associationId={associationId}&near=Frankfurt"));
        Assert.Equal([darmstadt, offenbach], await IdsAsync($"associationId={associationId}&near=Frankfurt&radiusKm=30"));
    }

    [Fact]
    public async Task Near_an_unknown_place_is_400()
    {
        using var anonymous = app.CreateClient();

        var response = await anonymous.GetAsync("/api/v1/listings?near=Atlantis");

        await ProblemAssert.ValidationAsync(response, "near");
    }

    [Fact]
    public async Task Coordinates_and_radius_keep_listings_within_the_radius()
    {
        var (owner, associationId) = await VerifiedAsync();
        var darmstadt = await PublishAsync(owner, associationId, change: At(Darmstadt));
        await PublishAsync(owner, associationId, change: At(Frankfurt));

        Assert.Equal([darmstadt], await IdsAsync($"associationId={associationId}&lat=49.87&lon=8.65&radiusKm=10"));
    }

    [Fact]
    public async Task Time_range_filter_needs_one_window_covering_the_whole_range()
    {
        var (owner, associationId) = await VerifiedAsync();
        var id = await PublishAsync(owner, associationId, change: Windows((Day(10, 16), Day(10, 19)), (Day(11, 16), Day(11, 19))));
        var query = $"associationId={associationId}";

        Assert.Equal([id], await IdsAsync($"{query}&freeFrom={Instant(Day(10, 16))}&freeTo={Instant(Day(10, 19))}"));
        Assert.Equal([id], await IdsAsync($"{query}&freeFrom={Instant(Day(11, 17))}&freeTo={Instant(Day(11, 18))}"));
        Assert.Empty(await IdsAsync($"{query}&freeFrom={Instant(Day(10, 15))}&freeTo={Instant(Day(10, 17))}"));
        Assert.Empty(await IdsAsync($"{query}&freeFrom={Instant(Day(10, 18))}&freeTo={Instant(Day(10, 20))}"));
        Assert.Empty(await IdsAsync($"{query}&freeFrom={Instant(Day(10, 17))}&freeTo={Instant(Day(11, 17))}"));
        Assert.Empty(await IdsAsync($"{query}&freeFrom={Instant(Day(12, 16))}&freeTo={Instant(Day(12, 17))}"));
    }

    /// <summary>The last Sunday of the month, Berlin's clock change, at least three weeks from today.</summary>
    private static DateOnly NextClockChange(int month)
    {
        var earliest = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(21);
        for (var year = earliest.Year; ; year++)
        {
            var sunday = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
            while (sunday.DayOfWeek != DayOfWeek.Sunday)
            {
                sunday = sunday.AddDays(-1);
            }

            if (sunday >= earliest)
            {
                return sunday;
            }
        }
    }

    private static DateTimeOffset LocalBerlin(DateOnly date, int hour, TimeSpan? offset = null)
    {
        var local = date.ToDateTime(new TimeOnly(hour, 0));
        return new DateTimeOffset(local, offset ?? Berlin.GetUtcOffset(local));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public async Task Time_range_filter_follows_a_weekly_rule_across_the_clock_change(int month)
    {
        var change = NextClockChange(month);
        var tuesdayBefore = change.AddDays(-5);
        var tuesdayAfter = change.AddDays(2);
        var offsetBefore = Berlin.GetUtcOffset(tuesdayBefore.ToDateTime(TimeOnly.MinValue));
        Assert.NotEqual(offsetBefore, Berlin.GetUtcOffset(tuesdayAfter.ToDateTime(TimeOnly.MinValue)));
        var (owner, associationId) = await VerifiedAsync();
        var id = await PublishAsync(owner, associationId, change: b => b["schedule"] = new JsonObject
        {
            ["weekly"] = new JsonArray(
                new JsonObject
                {
                    ["days"] = new JsonArray("tuesday"), ["from"] = "18:00", ["to"] = "21:00",
                    ["startDate"] = change.AddDays(-14).ToString("O"), ["endDate"] = change.AddDays(14).ToString("O"),
                },
                new JsonObject
                {
                    ["days"] = new JsonArray("saturday"), ["from"] = "22:00", ["to"] = "06:00",
                    ["startDate"] = change.AddDays(-1).ToString("O"), ["endDate"] = change.AddDays(-1).ToString("O"),
                }),
        });
        var query = $"associationId={associationId}";

        async Task<bool> FreeAsync(DateTimeOffset from, DateTimeOffset to) =>
            (await IdsAsync($"{query}&freeFrom={Instant(from)}&freeTo={Instant(to)}")).Contains(id);

        Assert.True(await FreeAsync(LocalBerlin(tuesdayBefore, 18), LocalBerlin(tuesdayBefore, 21)));
        Assert.True(await FreeAsync(LocalBerlin(tuesdayAfter, 18), LocalBerlin(tuesdayAfter, 21)));
        Assert.False(await FreeAsync(LocalBerlin(tuesdayAfter, 18, offsetBefore), LocalBerlin(tuesdayAfter, 21, offsetBefore)));
        Assert.True(await FreeAsync(LocalBerlin(change.AddDays(-1), 22), LocalBerlin(change, 6)));
        Assert.False(await FreeAsync(LocalBerlin(change.AddDays(-1), 22), LocalBerlin(change, 6).AddHours(1)));
    }

    [Theory]
    [InlineData("de-ti", true, false)]
    [InlineData("ti-de", true, false)]
    [InlineData("de>ti", true, false)]
    [InlineData("ti>de", true, false)]
    [InlineData("DE-TI", true, false)]
    [InlineData("prs>de", false, true)]
    [InlineData("de>prs", false, false)]
    [InlineData("prs-de", false, false)]
    [InlineData("de-ar", false, false)]
    public async Task Language_filter_is_two_way_with_a_dash_and_one_way_with_an_arrow(string language, bool findsTwoWayDeTi, bool findsOneWayPrsDe)
    {
        var (owner, associationId) = await VerifiedAsync();
        var deTi = await PublishAsync(owner, associationId, "interpreting");
        var prsDe = await PublishAsync(owner, associationId, "interpreting", change: Detail("languagePairs", new JsonArray(
            new JsonObject { ["from"] = "prs", ["to"] = "de", ["oneWay"] = true })));

        var found = await IdsAsync($"associationId={associationId}&language={Uri.EscapeDataString(language)}");

        Assert.Equal(findsTwoWayDeTi, found.Contains(deTi));
        Assert.Equal(findsOneWayPrsDe, found.Contains(prsDe));
    }

    [Fact]
    public async Task Minimum_capacity_keeps_rooms_large_enough()
    {
        var (owner, associationId) = await VerifiedAsync();
        var small = await PublishAsync(owner, associationId, change: Detail("capacity", 40));
        var large = await PublishAsync(owner, associationId, change: Detail("capacity", 100));

        Assert.Equal([large], await IdsAsync($"associationId={associationId}&minCapacity=50"));
        Assert.Equal([large, small], await IdsAsync($"associationId={associationId}&minCapacity=40"));
    }

    [Fact]
    public async Task Free_only_keeps_free_listings()
    {
        var (owner, associationId) = await VerifiedAsync();
        var free = await PublishAsync(owner, associationId);
        await PublishAsync(owner, associationId, change: Terms("cost_sharing"));
        await PublishAsync(owner, associationId, change: Terms("exchange"));

        Assert.Equal([free], await IdsAsync($"associationId={associationId}&freeOnly=true"));
        Assert.Equal(3, (await IdsAsync($"associationId={associationId}&freeOnly=false")).Count);
    }

    [Fact]
    public async Task Verified_only_leaves_out_approved_listings_of_unverified_associations()
    {
        var word = ListingBodies.UniqueWord();
        var (owner, associationId) = await VerifiedAsync();
        var verified = await PublishAsync(owner, associationId, change: Titled($"Raum {word}"));
        var other = await app.RegisterAsync();
        var unverifiedAssociation = await app.CreateAssociationAsync(other);
        var unverified = (await app.PublishListingAsync(other, unverifiedAssociation, change: Titled($"Saal {word}"))).Id();
        await app.SetListingStatusAsync(unverified, "published");

        Assert.Equal([verified], await IdsAsync($"q={word}&verifiedOnly=true"));
        Assert.Equal([unverified, verified], await IdsAsync($"q={word}"));
    }

    [Fact]
    public async Task Association_filter_keeps_only_that_association_s_listings()
    {
        var word = ListingBodies.UniqueWord();
        var (owner, associationId) = await VerifiedAsync();
        var (otherOwner, otherAssociation) = await VerifiedAsync();
        var ours = await PublishAsync(owner, associationId, change: Titled($"Raum {word}"));
        var theirs = await PublishAsync(otherOwner, otherAssociation, change: Titled($"Raum {word}"));

        Assert.Equal([ours], await IdsAsync($"q={word}&associationId={associationId}"));
        Assert.Equal([theirs, ours], await IdsAsync($"q={word}"));
    }

    private sealed record Variant(string Category, string Kind, Action<JsonObject> Change);

    private sealed record Scenario(string Category, Action<JsonObject> Base, string Query, IReadOnlyDictionary<string, (string Filter, Variant Variant)> Variants);

    private static Scenario ScenarioFor(string name, string word)
    {
        var window = Windows((Day(7, 16), Day(7, 19)));
        var range = $"freeFrom={Instant(Day(7, 16).AddMinutes(30))}&freeTo={Instant(Day(7, 18).AddMinutes(30))}";
        return name switch
        {
            "room" => new Scenario(
                "room",
                All(Titled($"Gruppenraum {word}"), At(Frankfurt), window, Detail("capacity", 40)),
                $"kind=offer&category=room&q={word}&lat=50.11&lon=8.68&radiusKm=20&{range}&minCapacity=30&freeOnly=true&verifiedOnly=true",
                new Dictionary<string, (string, Variant)>
                {
                    ["kind"] = ("kind=offer", new("room", "request", All(Titled($"Gesucht {word}"), At(Frankfurt), window, Detail("attendees", 40)))),
                    ["category"] = ("category=room", new("equipment", "offer", All(Titled($"Bierbänke {word}"), At(Frankfurt), window, Detail("quantity", 50)))),
                    ["q"] = ($"q={word}", new("room", "offer", All(Titled("Gruppenraum ohne Stichwort"), At(Frankfurt), window, Detail("capacity", 40)))),
                    ["radius"] = ("lat=50.11&lon=8.68&radiusKm=20", new("room", "offer", All(Titled($"Gruppenraum {word}"), At(Darmstadt), window, Detail("capacity", 40)))),
                    ["time"] = (range, new("room", "offer", All(Titled($"Gruppenraum {word}"), At(Frankfurt), Windows((Day(8, 16), Day(8, 19))), Detail("capacity", 40)))),
                    ["minCapacity"] = ("minCapacity=30", new("room", "offer", All(Titled($"Gruppenraum {word}"), At(Frankfurt), window, Detail("capacity", 20)))),
                    ["freeOnly"] = ("freeOnly=true", new("room", "offer", All(Titled($"Gruppenraum {word}"), At(Frankfurt), window, Detail("capacity", 40), Terms("cost_sharing")))),
                }),
            _ => new Scenario(
                "interpreting",
                All(Titled($"Dolmetschen {word}"), At(Frankfurt), window),
                $"kind=offer&category=interpreting&q={word}&near=Frankfurt&radiusKm=30&{range}&language=ti-de&freeOnly=true&verifiedOnly=true",
                new Dictionary<string, (string, Variant)>
                {
                    ["kind"] = ("kind=offer", new("interpreting", "request", All(Titled($"Dolmetschen gesucht {word}"), At(Frankfurt), window))),
                    ["q"] = ($"q={word}", new("interpreting", "offer", All(Titled("Dolmetschen ohne Stichwort"), At(Frankfurt), window))),
                    ["near"] = ("near=Frankfurt&radiusKm=30", new("interpreting", "offer", All(Titled($"Dolmetschen {word}"), At(Giessen), window))),
                    ["time"] = (range, new("interpreting", "offer", All(Titled($"Dolmetschen {word}"), At(Frankfurt), Windows((Day(7, 17), Day(7, 20)))))),
                    ["language"] = ("language=ti-de", new("interpreting", "offer", All(Titled($"Dolmetschen {word}"), At(Frankfurt), window,
                        Detail("languagePairs", new JsonArray(new JsonObject { ["from"] = "de", ["to"] = "ar" }))))),
                    ["freeOnly"] = ("freeOnly=true", new("interpreting", "offer", All(Titled($"Dolmetschen {word}"), At(Frankfurt), window, Terms("exchange")))),
                }),
        };
    }

    public static TheoryData<string, string> CombinedCases => new()
    {
        { "room", "none" }, { "room", "kind" }, { "room", "category" }, { "room", "q" }, { "room", "radius" }, { "room", "time" },
        { "room", "minCapacity" }, { "room", "freeOnly" },
        { "interpreting", "none" }, { "interpreting", "kind" }, { "interpreting", "q" }, { "interpreting", "near" },
        { "interpreting", "time" }, { "interpreting", "language" }, { "interpreting", "freeOnly" },
    };

    [Theory]
    [MemberData(nameof(CombinedCases))]
    public async Task Combined_filters_keep_what_meets_them_all_and_each_filter_leaves_out_its_own(string scenarioName, string dropped)
    {
        var (owner, associationId) = await VerifiedAsync();
        var scenario = ScenarioFor(scenarioName, ListingBodies.UniqueWord());
        var match = await PublishAsync(owner, associationId, scenario.Category, change: scenario.Base);
        var missing = new Dictionary<string, Guid>();
        foreach (var (name, (_, variant)) in scenario.Variants)
        {
            missing[name] = await PublishAsync(owner, associationId, variant.Category, variant.Kind, variant.Change);
        }

        var query = $"associationId={associationId}&" + scenario.Query;
        var expected = new List<Guid> { match };
        if (dropped != "none")
        {
            query = query.Replace(scenario.Variants[dropped].Filter, "").Replace("&&", "&");
            expected.Add(missing[dropped]);
        }

        Assert.Equal(expected.Order(), (await IdsAsync(query)).Order());
    }

    [Fact]
    public async Task Distance_sort_puts_the_nearest_first()
    {
        var (owner, associationId) = await VerifiedAsync();
        var wiesbaden = await PublishAsync(owner, associationId, change: At(Wiesbaden));
        var frankfurt = await PublishAsync(owner, associationId, change: At(Frankfurt));
        var darmstadt = await PublishAsync(owner, associationId, change: At(Darmstadt));
        var offenbach = await PublishAsync(owner, associationId, change: At(Offenbach));

        var result = await SearchAsync($"associationId={associationId}&near=Frankfurt&radiusKm=50&sort=distance");

        Assert.Equal([frankfurt, offenbach, darmstadt, wiesbaden], Ids(result));
        var distances = result.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("distanceKm").GetDouble()).ToList();
        Assert.Equal(0, distances[0], 1);
        Assert.InRange(distances[1], 5, 7);
        Assert.InRange(distances[2], 26, 29);
        Assert.InRange(distances[3], 30, 33);
    }

    [Fact]
    public async Task Distance_sort_pages_in_the_same_order()
    {
        var (owner, associationId) = await VerifiedAsync();
        foreach (var place in new[] { Wiesbaden, Frankfurt, Darmstadt, Offenbach, Giessen })
        {
            await PublishAsync(owner, associationId, change: At(place));
        }

        var query = $"associationId={associationId}&lat=50.11552&lon=8.68417&radiusKm=80&sort=distance";
        var whole = await IdsAsync(query);

        Assert.Equal(5, whole.Count);
        Assert.Equal(whole, await PageAllAsync(query, 2));
    }

    [Fact]
    public async Task Relevance_sort_puts_title_matches_before_description_matches_and_pages_in_that_order()
    {
        var word = ListingBodies.UniqueWord();
        var (owner, associationId) = await VerifiedAsync();
        var inDescription = await PublishAsync(owner, associationId, change: b => b["description"] = $"Auch für {word} geeignet.");
        var inTitle = await PublishAsync(owner, associationId, change: Titled($"{word} im Nordend"));
        var inBoth = await PublishAsync(owner, associationId, change: All(Titled($"{word} {word}"), b => b["description"] = $"{word} und {word}"));

        var query = $"associationId={associationId}&q={word}&sort=relevance";
        var result = await SearchAsync(query);

        Assert.Equal([inBoth, inTitle, inDescription], Ids(result));
        Assert.All(result.GetProperty("items").EnumerateArray(), h => Assert.True(h.GetProperty("relevance").GetDouble() > 0));
        Assert.Equal(Ids(result), await PageAllAsync(query, 1));
    }

    [Fact]
    public async Task Newest_sort_is_the_default_and_puts_the_latest_publication_first()
    {
        var (owner, associationId) = await VerifiedAsync();
        var first = await PublishAsync(owner, associationId);
        var second = await PublishAsync(owner, associationId);
        var third = await PublishAsync(owner, associationId);

        Assert.Equal([third, second, first], await IdsAsync($"associationId={associationId}"));
        Assert.Equal([third, second, first], await IdsAsync($"associationId={associationId}&sort=newest"));
    }

    private async Task<List<Guid>> PageAllAsync(string query, int limit, Func<int, Task>? afterPage = null)
    {
        var seen = new List<Guid>();
        string? cursor = null;
        for (var page = 1; page <= 20; page++)
        {
            var result = await SearchAsync($"{query}&limit={limit}" + (cursor is null ? "" : $"&cursor={cursor}"));
            var ids = Ids(result);
            Assert.True(ids.Count <= limit);
            seen.AddRange(ids);
            cursor = result.GetProperty("nextCursor").GetString();
            if (cursor is null)
            {
                return seen;
            }

            if (afterPage is not null)
            {
                await afterPage(page);
            }
        }

        throw new InvalidOperationException("The cursor never ended.");
    }

    [Fact]
    public async Task Newest_cursor_stays_stable_while_new_listings_arrive()
    {
        var (owner, associationId) = await VerifiedAsync();
        var existing = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            existing.Insert(0, await PublishAsync(owner, associationId));
        }

        var arrived = new List<Guid>();
        var seen = await PageAllAsync($"associationId={associationId}", 2, async _ => arrived.Add(await PublishAsync(owner, associationId)));

        Assert.Equal(existing, seen);
        Assert.NotEmpty(arrived);
        Assert.Equal(arrived.Count + existing.Count, (await IdsAsync($"associationId={associationId}&limit=100")).Count);
    }

    [Fact]
    public async Task Distance_cursor_stays_stable_while_new_listings_arrive()
    {
        var (owner, associationId) = await VerifiedAsync();
        var existing = new List<Guid>();
        foreach (var place in new[] { Frankfurt, Offenbach, Darmstadt, Wiesbaden, Giessen })
        {
            existing.Add(await PublishAsync(owner, associationId, change: At(place)));
        }

        var arrivals = new Queue<Place>([Frankfurt, Kassel with { Latitude = 50.9, Longitude = 8.9 }]);
        var seen = await PageAllAsync(
            $"associationId={associationId}&near=Frankfurt&radiusKm=100&sort=distance", 2,
            async _ =>
            {
                if (arrivals.TryDequeue(out var place))
                {
                    await PublishAsync(owner, associationId, change: At(place));
                }
            });

        Assert.Equal(seen.Distinct(), seen);
        Assert.Equal(existing, seen.Where(existing.Contains));
    }

    [Fact]
    public async Task Limit_pages_the_answer_and_the_last_page_has_no_cursor()
    {
        var (owner, associationId) = await VerifiedAsync();
        for (var i = 0; i < 3; i++)
        {
            await PublishAsync(owner, associationId);
        }

        var first = await SearchAsync($"associationId={associationId}&limit=2");
        var rest = await SearchAsync($"associationId={associationId}&limit=2&cursor={first.GetProperty("nextCursor").GetString()}");

        Assert.Equal(2, Ids(first).Count);
        Assert.Single(Ids(rest));
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("nextCursor").ValueKind);
        Assert.Equal(3, Ids(await SearchAsync($"associationId={associationId}&limit=100")).Count);
    }

    [Theory]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("cursor=bm90LWEtY3Vyc29y", "cursor")]
    [InlineData("sort=relevance", "sort")]
    [InlineData("sort=distance", "sort")]
    [InlineData("sort=cheapest", "sort")]
    [InlineData("category=boat", "category")]
    [InlineData("kind=gift", "kind")]
    [InlineData("language=de-xx", "language")]
    [InlineData("language=de-de", "language")]
    [InlineData("language=deutsch", "language")]
    [InlineData("freeFrom=2027-05-04T18:00:00Z", "freeTo")]
    [InlineData("freeFrom=2027-05-04T18:00:00Z&freeTo=2027-05-04T17:00:00Z", "freeTo")]
    [InlineData("freeFrom=yesterday&freeTo=2027-05-04T17:00:00Z", "freeFrom")]
    [InlineData("lat=50.1", "lon")]
    [InlineData("lat=91&lon=8", "lat")]
    [InlineData("near=Frankfurt&lat=50.1&lon=8.6", "near")]
    [InlineData("near=Frankfurt&radiusKm=0", "radiusKm")]
    [InlineData("near=Frankfurt&radiusKm=5000", "radiusKm")]
    [InlineData("minCapacity=0", "minCapacity")]
    [InlineData("minCapacity=viele", "minCapacity")]
    [InlineData("freeOnly=maybe", "freeOnly")]
    [InlineData("associationId=42", "associationId")]
    public async Task Search_with_a_bad_parameter_is_400_naming_it(string query, string field)
    {
        using var anonymous = app.CreateClient();

        var response = await anonymous.GetAsync("/api/v1/listings?" + query);

        await ProblemAssert.ValidationAsync(response, field);
    }
}
