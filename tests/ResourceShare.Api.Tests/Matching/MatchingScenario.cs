using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Matching;

/// <summary>
/// Listings for one matching test. Each scenario lives at a random place of its own, far from every other
/// test's listings, so that candidates of other tests never appear in an answer (matching looks at every
/// association's published listings).
/// </summary>
public sealed class MatchingScenario(ResourceShareApp app, TestUser requester, Guid requesterId, TestUser offerer, Guid offererId)
{
    private const double KmPerDegreeLatitude = 6371.0088 * Math.PI / 180;

    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public double Latitude { get; } = Random.Shared.Next(-50, 60) + Random.Shared.NextDouble();

    public double Longitude { get; } = Random.Shared.Next(-170, 170) + Random.Shared.NextDouble();

    public TestUser Requester => requester;

    public Guid RequesterId => requesterId;

    public TestUser Offerer => offerer;

    public Guid OffererId => offererId;

    public static async Task<MatchingScenario> CreateAsync(ResourceShareApp app)
    {
        var requester = await app.RegisterAsync("requester");
        var offerer = await app.RegisterAsync("offerer");
        return new MatchingScenario(app, requester, await app.CreateVerifiedAssociationAsync(requester), offerer, await app.CreateVerifiedAssociationAsync(offerer));
    }

    /// <summary>Publishes a listing here (or <paramref name="northKm"/> km due north) with the default body changed by <paramref name="change"/>.</summary>
    public async Task<Guid> PublishAsync(string kind, string category = "room", double northKm = 0, Action<JsonObject>? change = null, TestUser? user = null, Guid? associationId = null)
    {
        var listing = await app.PublishListingAsync(
            user ?? (kind == "offer" ? offerer : requester), associationId ?? (kind == "offer" ? offererId : requesterId), category, kind, b =>
            {
                var place = b["place"]!.AsObject();
                place["latitude"] = Latitude + northKm / KmPerDegreeLatitude;
                place["longitude"] = Longitude;
                change?.Invoke(b);
            });
        Assert.Equal("published", listing.Str("status"));
        return listing.Id();
    }

    /// <summary>Publishes a request here for a new, unverified association: it waits in pending_review.</summary>
    public async Task<JsonElement> PendingRequestAsync()
    {
        var owner = await app.RegisterAsync();
        var association = await app.CreateAssociationAsync(owner);
        return await app.PublishListingAsync(owner, association, kind: "request", change: b =>
        {
            b["place"]!["latitude"] = Latitude;
            b["place"]!["longitude"] = Longitude;
        });
    }

    public Task<Guid> OfferAsync(string category = "room", double northKm = 0, Action<JsonObject>? change = null) =>
        PublishAsync("offer", category, northKm, change);

    public Task<Guid> RequestAsync(string category = "room", double northKm = 0, Action<JsonObject>? change = null) =>
        PublishAsync("request", category, northKm, change);

    public static Action<JsonObject> During(params (DateTimeOffset Start, DateTimeOffset End)[] windows) =>
        b => b["schedule"] = new JsonObject { ["windows"] = new JsonArray(windows.Select(w => (JsonNode?)ListingBodies.Window(w.Start, w.End)).ToArray()) };

    public static Action<JsonObject> Weekly(string day, string from, string to, DateOnly start, DateOnly end) =>
        b => b["schedule"] = new JsonObject
        {
            ["weekly"] = new JsonArray(new JsonObject
            {
                ["days"] = new JsonArray(day), ["from"] = from, ["to"] = to,
                ["startDate"] = start.ToString("O"), ["endDate"] = end.ToString("O"),
            }),
        };

    public static Action<JsonObject> Detail(string name, JsonNode? value) => b => b["details"]![name] = value;

    public static Action<JsonObject> Place(string name, JsonNode? value) => b => b["place"]![name] = value;

    public static Action<JsonObject> Terms(JsonObject terms) => b => b["terms"] = terms;

    public static Action<JsonObject> All(params Action<JsonObject>[] changes) => b =>
    {
        foreach (var change in changes)
        {
            change(b);
        }
    };

    public static DateTimeOffset Day(int days, int hour) => ListingBodies.Day(days, hour);

    /// <summary>The Berlin wall-clock time on a date as an instant.</summary>
    public static DateTimeOffset AtBerlin(DateOnly date, int hour)
    {
        var local = date.ToDateTime(new TimeOnly(hour, 0));
        return new DateTimeOffset(local, Berlin.GetUtcOffset(local));
    }

    /// <summary>GET /listings/{id}/matches as <paramref name="user"/> (the requester by default), expecting 200.</summary>
    public async Task<JsonElement> MatchesAsync(Guid listingId, TestUser? user = null, string? language = null, int? limit = null)
    {
        var response = await SendAsync(listingId, user ?? requester, language, limit);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, Guid listingId, int? limit = null) =>
        await client.GetAsync(Path(listingId, limit));

    public static List<Guid> Ids(JsonElement answer, string list = "matches") =>
        answer.GetProperty(list).EnumerateArray().Select(c => c.GetProperty("listingId").GetGuid()).ToList();

    public static JsonElement Candidate(JsonElement answer, Guid id, string list = "matches") =>
        answer.GetProperty(list).EnumerateArray().Single(c => c.GetProperty("listingId").GetGuid() == id);

    public static string Reason(JsonElement candidate, string component) =>
        candidate.GetProperty("components").EnumerateArray().Single(c => c.Str("name") == component).Str("reason");

    /// <summary>A confirmed booking of the offer for the request, as an accepted match creates it.</summary>
    public Task BookAsync(Guid offerId, Guid requestId, DateTimeOffset start, DateTimeOffset end, int quantity = 1, bool exclusive = true) =>
        ExecuteAsync(
            """
            WITH m AS (
                INSERT INTO match (id, request_id, offer_id, requester_id, provider_id, proposed_by, status, quantity, starts_at, ends_at)
                SELECT gen_random_uuid(), r.id, o.id, r.association_id, o.association_id, r.association_id, 'accepted', @quantity, @start, @end
                  FROM listing r, listing o WHERE r.id = @request AND o.id = @offer
                RETURNING id, offer_id, requester_id, provider_id)
            INSERT INTO booking (id, match_id, offer_id, requester_id, provider_id, during, quantity, exclusive)
            SELECT gen_random_uuid(), m.id, m.offer_id, m.requester_id, m.provider_id, tstzrange(@start, @end, '[)'), @quantity, @exclusive FROM m
            """,
            ("offer", offerId), ("request", requestId), ("start", start.UtcDateTime), ("end", end.UtcDateTime), ("quantity", quantity), ("exclusive", exclusive));

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static string Path(Guid listingId, int? limit) => $"/api/v1/listings/{listingId}/matches" + (limit is null ? "" : $"?limit={limit}");

    private static async Task<HttpResponseMessage> SendAsync(Guid listingId, TestUser user, string? language, int? limit)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Path(listingId, limit));
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return await user.Client.SendAsync(request);
    }
}
