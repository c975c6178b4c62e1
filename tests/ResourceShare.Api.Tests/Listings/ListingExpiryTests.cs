using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Listings;

public sealed class ListingExpiryTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private async Task<(TestUser Owner, Guid AssociationId)> VerifiedAsync()
    {
        var owner = await app.RegisterAsync();
        return (owner, await app.CreateVerifiedAssociationAsync(owner));
    }

    private static async Task<string> StatusAsync(TestUser owner, Guid id) =>
        (await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/listings/{id}")).Str("status");

    private static async Task<List<Guid>> SearchAsync(HttpClient client, Guid associationId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/listings?associationId={associationId}"))
            .GetProperty("items").EnumerateArray().Select(h => h.GetProperty("listing").Id()).ToList();

    [Fact]
    public async Task Expiry_marks_a_due_published_listing_expired_and_hides_it()
    {
        var (owner, associationId) = await VerifiedAsync();
        var id = (await app.PublishListingAsync(owner, associationId)).Id();
        var etag = (await owner.Client.GetAsync($"/api/v1/listings/{id}")).Headers.ETag;
        await app.MakeListingDueAsync(id);

        var expired = await app.ExpireDueListingsAsync();

        Assert.True(expired >= 1);
        Assert.Equal("expired", await StatusAsync(owner, id));
        Assert.NotEqual(etag, (await owner.Client.GetAsync($"/api/v1/listings/{id}")).Headers.ETag);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/listings/{id}")).StatusCode);
        Assert.DoesNotContain(id, await SearchAsync(anonymous, associationId));
    }

    [Theory]
    [InlineData("paused")]
    [InlineData("pending_review")]
    public async Task Expiry_applies_to_paused_and_pending_listings(string status)
    {
        var owner = await app.RegisterAsync();
        var associationId = status == "pending_review" ? await app.CreateAssociationAsync(owner) : await app.CreateVerifiedAssociationAsync(owner);
        var id = (await app.PublishListingAsync(owner, associationId)).Id();
        if (status == "paused")
        {
            await owner.Client.PostAsync($"/api/v1/listings/{id}/pause", null);
        }

        await app.MakeListingDueAsync(id);
        await app.ExpireDueListingsAsync();

        Assert.Equal("expired", await StatusAsync(owner, id));
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("closed")]
    public async Task Expiry_leaves_drafts_and_closed_listings_alone(string status)
    {
        var (owner, associationId) = await VerifiedAsync();
        var id = status == "draft" ? (await app.CreateListingAsync(owner, associationId)).Id() : (await app.PublishListingAsync(owner, associationId)).Id();
        if (status == "closed")
        {
            await owner.Client.PostAsJsonAsync($"/api/v1/listings/{id}/close", new { reason = "fulfilled" });
        }

        await app.MakeListingDueAsync(id);
        await app.ExpireDueListingsAsync();

        Assert.Equal(status, await StatusAsync(owner, id));
    }

    [Fact]
    public async Task Expiry_leaves_listings_that_are_not_due()
    {
        var (owner, associationId) = await VerifiedAsync();
        var due = (await app.PublishListingAsync(owner, associationId)).Id();
        var valid = (await app.PublishListingAsync(owner, associationId)).Id();
        await app.MakeListingDueAsync(due);

        await app.ExpireDueListingsAsync();

        Assert.Equal("published", await StatusAsync(owner, valid));
        using var anonymous = app.CreateClient();
        Assert.Equal([valid], await SearchAsync(anonymous, associationId));
    }

    [Fact]
    public async Task Search_hides_a_due_listing_even_before_the_job_has_run()
    {
        var (owner, associationId) = await VerifiedAsync();
        var id = (await app.PublishListingAsync(owner, associationId)).Id();

        await app.MakeListingDueAsync(id);

        using var anonymous = app.CreateClient();
        Assert.Empty(await SearchAsync(anonymous, associationId));
    }
}

public sealed class ListingExpiryJobTests(FastExpiryApp app) : IClassFixture<FastExpiryApp>
{
    [Fact]
    public async Task Expiry_job_expires_a_due_listing_on_its_own()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateVerifiedAssociationAsync(owner);
        var id = (await app.PublishListingAsync(owner, associationId)).Id();

        await app.MakeListingDueAsync(id);

        var status = "published";
        for (var attempt = 0; attempt < 100 && status != "expired"; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            status = (await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/listings/{id}")).Str("status");
        }

        Assert.Equal("expired", status);
    }
}
