using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Listings;

/// <summary>ETag / If-Match on listings, and Idempotency-Key on creating them.</summary>
public sealed class ListingConcurrencyTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private static HttpRequestMessage Request(HttpMethod method, string url, string? ifMatch, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    private async Task<(TestUser Owner, Guid Id, string ETag)> PublishedAsync()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateVerifiedAssociationAsync(owner);
        var id = (await app.PublishListingAsync(owner, associationId)).Id();
        var response = await owner.Client.GetAsync($"/api/v1/listings/{id}");
        return (owner, id, response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Every_change_gives_the_listing_a_new_ETag()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateVerifiedAssociationAsync(owner);
        var created = await owner.Client.PostAsJsonAsync("/api/v1/listings", ListingBodies.Valid(associationId));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).Id();

        var edited = await owner.Client.PatchAsJsonAsync($"/api/v1/listings/{id}", new { title = "Zweite Fassung" });
        var published = await owner.Client.PostAsync($"/api/v1/listings/{id}/publish", null);
        var fetched = await owner.Client.GetAsync($"/api/v1/listings/{id}");

        string[] tags = [created.Headers.ETag!.Tag, edited.Headers.ETag!.Tag, published.Headers.ETag!.Tag];
        Assert.Equal(3, tags.Distinct().Count());
        Assert.Equal(published.Headers.ETag, fetched.Headers.ETag);
        Assert.False(fetched.Headers.ETag!.IsWeak);
    }

    [Fact]
    public async Task Edit_with_the_current_ETag_succeeds()
    {
        var (owner, id, etag) = await PublishedAsync();

        var response = await owner.Client.SendAsync(Request(HttpMethod.Patch, $"/api/v1/listings/{id}", etag, new { title = "Aktuell" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(etag, response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Edit_with_a_stale_ETag_is_412_and_changes_nothing()
    {
        var (owner, id, etag) = await PublishedAsync();
        await owner.Client.SendAsync(Request(HttpMethod.Patch, $"/api/v1/listings/{id}", etag, new { title = "Zuerst" }));

        var response = await owner.Client.SendAsync(Request(HttpMethod.Patch, $"/api/v1/listings/{id}", etag, new { title = "Zu spät" }));

        await ProblemAssert.IsAsync(response, HttpStatusCode.PreconditionFailed, "precondition-failed");
        Assert.Equal("Zuerst", (await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/listings/{id}")).Str("title"));
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("close")]
    public async Task Transition_with_a_stale_ETag_is_412_and_changes_nothing(string action)
    {
        var (owner, id, etag) = await PublishedAsync();
        await owner.Client.SendAsync(Request(HttpMethod.Patch, $"/api/v1/listings/{id}", etag, new { title = "Zwischendurch" }));

        var response = await owner.Client.SendAsync(Request(HttpMethod.Post, $"/api/v1/listings/{id}/{action}", etag, new { reason = "withdrawn" }));

        await ProblemAssert.IsAsync(response, HttpStatusCode.PreconditionFailed, "precondition-failed");
        Assert.Equal("published", (await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/listings/{id}")).Str("status"));
    }

    [Fact]
    public async Task Transition_with_the_current_ETag_succeeds()
    {
        var (owner, id, etag) = await PublishedAsync();

        var response = await owner.Client.SendAsync(Request(HttpMethod.Post, $"/api/v1/listings/{id}/pause", etag));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Delete_with_a_stale_ETag_is_412_and_keeps_the_draft()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        var created = await owner.Client.PostAsJsonAsync("/api/v1/listings", ListingBodies.Valid(associationId));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).Id();
        await owner.Client.PatchAsJsonAsync($"/api/v1/listings/{id}", new { title = "Geändert" });

        var response = await owner.Client.SendAsync(Request(HttpMethod.Delete, $"/api/v1/listings/{id}", created.Headers.ETag!.Tag));

        await ProblemAssert.IsAsync(response, HttpStatusCode.PreconditionFailed, "precondition-failed");
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync($"/api/v1/listings/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("*", HttpStatusCode.OK)]
    [InlineData("\"999\"", HttpStatusCode.PreconditionFailed)]
    [InlineData("abc", HttpStatusCode.PreconditionFailed)]
    [InlineData("\"\"", HttpStatusCode.PreconditionFailed)]
    public async Task If_Match_star_matches_and_anything_unknown_does_not(string ifMatch, HttpStatusCode expected)
    {
        var (owner, id, _) = await PublishedAsync();

        var response = await owner.Client.SendAsync(Request(HttpMethod.Patch, $"/api/v1/listings/{id}", ifMatch, new { title = "Stern" }));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Stale_ETag_from_another_association_is_403_not_412()
    {
        var (_, id, _) = await PublishedAsync();
        var stranger = await app.RegisterAsync();
        await app.CreateAssociationAsync(stranger);

        var response = await stranger.Client.SendAsync(Request(HttpMethod.Post, $"/api/v1/listings/{id}/pause", "\"999\""));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    private static HttpRequestMessage Create(string key, object body) =>
        new(HttpMethod.Post, "/api/v1/listings") { Headers = { { "Idempotency-Key", key } }, Content = JsonContent.Create(body) };

    [Fact]
    public async Task Create_replayed_with_the_same_key_and_body_returns_the_first_answer_and_creates_once()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        var body = ListingBodies.Valid(associationId);
        var key = Guid.NewGuid().ToString();

        var first = await owner.Client.SendAsync(Create(key, body));
        var second = await owner.Client.SendAsync(Create(key, body));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(["true"], second.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);
        var firstBody = await first.Content.ReadFromJsonAsync<JsonElement>();
        var secondBody = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(JsonElement.DeepEquals(firstBody, secondBody), $"{firstBody} <> {secondBody}");
        var own = await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/associations/{associationId}/listings");
        Assert.Single(own.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Create_reusing_a_key_with_another_body_is_422_and_creates_nothing_more()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        var key = Guid.NewGuid().ToString();

        var first = await owner.Client.SendAsync(Create(key, ListingBodies.Valid(associationId)));
        var second = await owner.Client.SendAsync(Create(key, ListingBodies.Valid(associationId, "equipment")));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await ProblemAssert.IsAsync(second, HttpStatusCode.UnprocessableEntity, "unprocessable");
        var own = await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/associations/{associationId}/listings");
        Assert.Equal("room", Assert.Single(own.GetProperty("items").EnumerateArray()).Str("category"));
    }

    [Fact]
    public async Task Create_with_a_key_after_a_rejected_attempt_creates_the_corrected_listing()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        var key = Guid.NewGuid().ToString();
        var invalid = ListingBodies.Valid(associationId);
        invalid["details"]!["capacity"] = 0;

        var rejected = await owner.Client.SendAsync(Create(key, invalid));
        var corrected = await owner.Client.SendAsync(Create(key, ListingBodies.Valid(associationId)));

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
    }

    [Fact]
    public async Task Create_by_an_api_key_replays_for_that_key()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        using var integrator = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(owner, associationId, "listings:read", "listings:write"));
        var body = ListingBodies.Valid(associationId);
        var key = Guid.NewGuid().ToString();

        var first = await integrator.SendAsync(Create(key, body));
        var second = await integrator.SendAsync(Create(key, body));
        var byOwner = await owner.Client.SendAsync(Create(key, body));

        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(HttpStatusCode.Created, byOwner.StatusCode);
        Assert.NotEqual(first.Headers.Location, byOwner.Headers.Location);
    }
}
