using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Listings;

public sealed class ListingCreationTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    public static TheoryData<string, string> CategoriesAndKinds
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var category in ListingBodies.Categories)
            {
                data.Add(category, "offer");
                data.Add(category, "request");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(CategoriesAndKinds))]
    public async Task Create_each_category_and_kind_returns_a_draft_with_its_details(string category, string kind)
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        var body = ListingBodies.Valid(associationId, category, kind);

        var response = await owner.Client.PostAsJsonAsync("/api/v1/listings", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var listing = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/v1/listings/{listing.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal("draft", listing.Str("status"));
        Assert.Equal(kind, listing.Str("kind"));
        Assert.Equal(category, listing.Str("category"));
        Assert.Equal(associationId, listing.GetProperty("associationId").GetGuid());
        Assert.True(JsonNode.DeepEquals(body["details"], listing.GetProperty("details").WithoutNulls()),
            $"sent {body["details"]}, got {listing.GetProperty("details")}");
        var fetched = await owner.Client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal(listing.GetRawText(), fetched.GetRawText());
    }

    [Fact]
    public async Task Create_keeps_place_terms_and_schedule_as_sent()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        var body = ListingBodies.Valid(associationId);
        body["terms"] = new JsonObject { ["kind"] = "cost_sharing", ["costEur"] = 12.5 };

        var listing = await app.CreateListingAsync(owner.Client, body);

        var place = listing.GetProperty("place");
        Assert.Equal(ListingBodies.FrankfurtPostalCode, place.Str("postalCode"));
        Assert.Equal("Frankfurt am Main", place.Str("city"));
        Assert.Equal(ListingBodies.FrankfurtLatitude, place.GetProperty("latitude").GetDouble());
        Assert.Equal("Berger Straße 12", place.Str("streetAddress"));
        Assert.Equal(10, place.GetProperty("serviceRadiusKm").GetDecimal());
        Assert.Equal("cost_sharing", listing.GetProperty("terms").Str("kind"));
        Assert.Equal(12.50m, listing.GetProperty("terms").GetProperty("costEur").GetDecimal());
        var window = listing.GetProperty("schedule").GetProperty("windows")[0];
        Assert.Equal(body["schedule"]!["windows"]![0]!["start"]!.GetValue<DateTimeOffset>(), window.GetProperty("start").GetDateTimeOffset());
        Assert.False(listing.GetProperty("recurring").GetBoolean());
    }

    [Fact]
    public async Task Create_without_validUntil_is_valid_for_90_days()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);

        var listing = await app.CreateListingAsync(owner, associationId);

        var validUntil = listing.GetProperty("validUntil").GetDateTimeOffset();
        Assert.InRange(validUntil, DateTimeOffset.UtcNow.AddDays(90).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(90).AddMinutes(5));
    }

    [Fact]
    public async Task Create_with_validUntil_keeps_it()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        var validUntil = new DateTimeOffset(DateTimeOffset.UtcNow.Date, TimeSpan.Zero).AddDays(200);

        var listing = await app.CreateListingAsync(owner, associationId, change: b => b["validUntil"] = validUntil);

        Assert.Equal(validUntil, listing.GetProperty("validUntil").GetDateTimeOffset());
    }

    [Fact]
    public async Task Create_recurring_request_from_one_weekly_rule_is_recurring()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2);

        var listing = await app.CreateListingAsync(owner, associationId, kind: "request", change: b => b["schedule"] = new JsonObject
        {
            ["weekly"] = new JsonArray(new JsonObject
            {
                ["days"] = new JsonArray("thursday"), ["from"] = "18:00", ["to"] = "20:00",
                ["startDate"] = start.ToString("O"), ["endDate"] = start.AddDays(70).ToString("O"),
            }),
        });

        Assert.True(listing.GetProperty("recurring").GetBoolean());
    }

    [Fact]
    public async Task Create_without_coordinates_takes_them_from_the_gazetteer()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);

        var listing = await app.CreateListingAsync(owner, associationId, change: b =>
        {
            var place = b["place"]!.AsObject();
            place.Remove("latitude");
            place.Remove("longitude");
            place["postalCode"] = "64283";
            place["city"] = "Darmstadt";
        });

        Assert.Equal(49.87167, listing.GetProperty("place").GetProperty("latitude").GetDouble(), 4);
        Assert.Equal(8.65027, listing.GetProperty("place").GetProperty("longitude").GetDouble(), 4);
    }

    [Fact]
    public async Task Create_with_an_unknown_place_and_no_coordinates_is_400_on_the_city_with_suggestions()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        var body = ListingBodies.Valid(associationId);
        var place = body["place"]!.AsObject();
        place.Remove("latitude");
        place.Remove("longitude");
        place["city"] = "Darmstatt";

        var response = await owner.Client.PostAsJsonAsync("/api/v1/listings", body);

        var problem = await ProblemAssert.ValidationAsync(response, "place.city");
        Assert.Contains("Darmstadt", problem.GetProperty("suggestions").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Create_as_coordinator_is_201()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        var coordinator = await app.AddMemberAsync(owner, associationId, "coordinator");

        var response = await coordinator.Client.PostAsJsonAsync("/api/v1/listings", ListingBodies.Valid(associationId));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Create_as_plain_member_is_403()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        var member = await app.AddMemberAsync(owner, associationId, "member");

        var response = await member.Client.PostAsJsonAsync("/api/v1/listings", ListingBodies.Valid(associationId));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Create_for_an_association_one_does_not_belong_to_is_403()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        var stranger = await app.RegisterAsync();

        var response = await stranger.Client.PostAsJsonAsync("/api/v1/listings", ListingBodies.Valid(associationId));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Create_without_credentials_is_401()
    {
        using var anonymous = app.CreateClient();

        var response = await anonymous.PostAsJsonAsync("/api/v1/listings", ListingBodies.Valid(Guid.NewGuid()));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Create_with_a_key_holding_only_listings_write_is_201_for_its_association()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        using var integrator = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(owner, associationId, "listings:write"));
        var body = ListingBodies.Valid(associationId);
        body.Remove("associationId");

        var response = await integrator.PostAsJsonAsync("/api/v1/listings", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var listing = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(associationId, listing.GetProperty("associationId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await integrator.GetAsync($"/api/v1/listings/{listing.Id()}")).StatusCode);
    }

    [Fact]
    public async Task Create_with_a_key_holding_only_listings_read_is_403()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        using var integrator = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(owner, associationId, "listings:read"));

        var response = await integrator.PostAsJsonAsync("/api/v1/listings", ListingBodies.Valid(associationId));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Create_with_a_key_for_another_association_is_403()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        var otherId = await app.CreateAssociationAsync(owner);
        using var integrator = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(owner, otherId, "listings:read", "listings:write"));

        var response = await integrator.PostAsJsonAsync("/api/v1/listings", ListingBodies.Valid(associationId));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Create_without_associationId_uses_the_only_membership()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        var body = ListingBodies.Valid(associationId);
        body.Remove("associationId");

        var listing = await app.CreateListingAsync(owner.Client, body);

        Assert.Equal(associationId, listing.GetProperty("associationId").GetGuid());
    }

    [Fact]
    public async Task Create_without_associationId_for_a_member_of_several_is_400()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        await app.CreateAssociationAsync(owner);
        var body = ListingBodies.Valid(associationId);
        body.Remove("associationId");

        var response = await owner.Client.PostAsJsonAsync("/api/v1/listings", body);

        await ProblemAssert.ValidationAsync(response, "associationId");
    }

    [Fact]
    public async Task Categories_lists_every_category_with_its_required_fields()
    {
        using var anonymous = app.CreateClient();

        var categories = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/categories");

        var items = categories.GetProperty("items").EnumerateArray().ToDictionary(c => c.Str("id"));
        Assert.Equal(ListingBodies.Categories.Order(), items.Keys.Order());
        Assert.Equal(["capacity"], items["room"].GetProperty("requiredOfferFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(["attendees"], items["room"].GetProperty("requiredRequestFields").EnumerateArray().Select(f => f.GetString()));
    }
}
