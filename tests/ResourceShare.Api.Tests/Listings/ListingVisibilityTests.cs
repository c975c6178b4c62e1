using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Listings;

/// <summary>Drafts, non-public statuses and street addresses never leak; an association sees all of its own.</summary>
public sealed class ListingVisibilityTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private const string StreetAddress = "Berger Straße 12";

    private sealed record Viewers(TestUser Owner, Guid AssociationId, TestUser Member, HttpClient Key, TestUser Moderator, TestUser Stranger, HttpClient StrangerKey, HttpClient Anonymous);

    private async Task<Viewers> ViewersAsync(bool verified = true)
    {
        var owner = await app.RegisterAsync();
        var associationId = verified ? await app.CreateVerifiedAssociationAsync(owner) : await app.CreateAssociationAsync(owner);
        var stranger = await app.RegisterAsync();
        var strangerAssociation = await app.CreateVerifiedAssociationAsync(stranger);
        return new Viewers(
            owner, associationId,
            await app.AddMemberAsync(owner, associationId, "member"),
            app.CreateClientWithApiKey(await app.CreateApiKeyAsync(owner, associationId, "listings:read")),
            await app.SignInWithRoleAsync("moderator"),
            stranger,
            app.CreateClientWithApiKey(await app.CreateApiKeyAsync(stranger, strangerAssociation, "listings:read", "listings:write")),
            app.CreateClient());
    }

    private static async Task<List<JsonElement>> SearchAsync(HttpClient client, Guid associationId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/listings?associationId={associationId}&limit=100"))
            .GetProperty("items").EnumerateArray().Select(h => h.GetProperty("listing")).ToList();

    [Theory]
    [InlineData("draft")]
    [InlineData("pending_review")]
    [InlineData("paused")]
    [InlineData("closed")]
    [InlineData("rejected")]
    [InlineData("removed")]
    public async Task Unpublished_listing_is_visible_to_its_association_and_moderators_only(string status)
    {
        var v = await ViewersAsync(verified: status != "pending_review");
        var id = (await app.CreateListingAsync(v.Owner, v.AssociationId)).Id();
        if (status != "draft")
        {
            await v.Owner.Client.PostAsync($"/api/v1/listings/{id}/publish", null);
        }

        if (status == "paused")
        {
            await v.Owner.Client.PostAsync($"/api/v1/listings/{id}/pause", null);
        }
        else if (status == "closed")
        {
            await v.Owner.Client.PostAsJsonAsync($"/api/v1/listings/{id}/close", new { reason = "withdrawn" });
        }
        else if (status is "rejected" or "removed")
        {
            await app.SetListingStatusAsync(id, status);
        }

        foreach (var insider in new[] { v.Owner.Client, v.Member.Client, v.Key, v.Moderator.Client })
        {
            var response = await insider.GetFromJsonAsync<JsonElement>($"/api/v1/listings/{id}");
            Assert.Equal(status, response.Str("status"));
        }

        foreach (var outsider in new[] { v.Anonymous, v.Stranger.Client, v.StrangerKey })
        {
            await ProblemAssert.IsAsync(await outsider.GetAsync($"/api/v1/listings/{id}"), HttpStatusCode.NotFound, "not-found");
            Assert.Empty(await SearchAsync(outsider, v.AssociationId));
        }
    }

    [Fact]
    public async Task Search_never_shows_a_draft_not_even_to_its_association()
    {
        var v = await ViewersAsync();
        await app.CreateListingAsync(v.Owner, v.AssociationId);
        var published = (await app.PublishListingAsync(v.Owner, v.AssociationId)).Id();

        foreach (var client in new[] { v.Owner.Client, v.Moderator.Client, v.Anonymous })
        {
            Assert.Equal([published], (await SearchAsync(client, v.AssociationId)).Select(l => l.Id()));
        }
    }

    [Fact]
    public async Task Street_address_is_shown_to_the_owner_side_and_moderators_only()
    {
        var v = await ViewersAsync();
        var id = (await app.PublishListingAsync(v.Owner, v.AssociationId)).Id();

        foreach (var insider in new[] { v.Owner.Client, v.Member.Client, v.Key, v.Moderator.Client })
        {
            var listing = await insider.GetFromJsonAsync<JsonElement>($"/api/v1/listings/{id}");
            Assert.Equal(StreetAddress, listing.GetProperty("place").Str("streetAddress"));
        }

        foreach (var outsider in new[] { v.Anonymous, v.Stranger.Client, v.StrangerKey })
        {
            var listing = await outsider.GetFromJsonAsync<JsonElement>($"/api/v1/listings/{id}");
            Assert.Equal(JsonValueKind.Null, listing.GetProperty("place").GetProperty("streetAddress").ValueKind);
            Assert.Equal("Frankfurt am Main", listing.GetProperty("place").Str("city"));
        }
    }

    [Fact]
    public async Task Street_address_appears_nowhere_in_public_answers()
    {
        var v = await ViewersAsync();
        var id = (await app.PublishListingAsync(v.Owner, v.AssociationId)).Id();

        string[] answers =
        [
            await v.Anonymous.GetStringAsync($"/api/v1/listings/{id}"),
            await v.Anonymous.GetStringAsync($"/api/v1/listings?associationId={v.AssociationId}"),
            await v.Stranger.Client.GetStringAsync($"/api/v1/listings?associationId={v.AssociationId}&near=Frankfurt&sort=distance"),
            await v.StrangerKey.GetStringAsync($"/api/v1/listings/{id}"),
        ];

        Assert.All(answers, answer => Assert.DoesNotContain("Berger", answer));
        Assert.Contains("Berger", await v.Owner.Client.GetStringAsync($"/api/v1/listings?associationId={v.AssociationId}"));
    }

    [Fact]
    public async Task Suspended_association_s_listings_are_hidden_from_everybody_but_itself_and_moderators()
    {
        var v = await ViewersAsync();
        var id = (await app.PublishListingAsync(v.Owner, v.AssociationId)).Id();

        await app.SetVerificationStatusAsync(v.AssociationId, "suspended");

        foreach (var outsider in new[] { v.Anonymous, v.Stranger.Client, v.StrangerKey })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/listings/{id}")).StatusCode);
            Assert.Empty(await SearchAsync(outsider, v.AssociationId));
        }

        Assert.Empty(await SearchAsync(v.Owner.Client, v.AssociationId));
        Assert.Equal(HttpStatusCode.OK, (await v.Owner.Client.GetAsync($"/api/v1/listings/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await v.Moderator.Client.GetAsync($"/api/v1/listings/{id}")).StatusCode);
    }

    [Fact]
    public async Task Association_listings_show_every_status_to_its_members()
    {
        var v = await ViewersAsync();
        var draft = (await app.CreateListingAsync(v.Owner, v.AssociationId)).Id();
        var published = (await app.PublishListingAsync(v.Owner, v.AssociationId)).Id();
        var paused = (await app.PublishListingAsync(v.Owner, v.AssociationId)).Id();
        await v.Owner.Client.PostAsync($"/api/v1/listings/{paused}/pause", null);
        var closed = (await app.PublishListingAsync(v.Owner, v.AssociationId)).Id();
        await v.Owner.Client.PostAsJsonAsync($"/api/v1/listings/{closed}/close", new { reason = "fulfilled" });

        foreach (var insider in new[] { v.Member.Client, v.Key, v.Moderator.Client })
        {
            var page = await insider.GetFromJsonAsync<JsonElement>($"/api/v1/associations/{v.AssociationId}/listings");
            var statuses = page.GetProperty("items").EnumerateArray().ToDictionary(l => l.Id(), l => l.Str("status"));
            Assert.Equal(
                new Dictionary<Guid, string> { [draft] = "draft", [published] = "published", [paused] = "paused", [closed] = "closed" },
                statuses);
        }
    }

    [Fact]
    public async Task Association_listings_are_403_for_outsiders_and_401_without_credentials()
    {
        var v = await ViewersAsync();
        await app.CreateListingAsync(v.Owner, v.AssociationId);
        var url = $"/api/v1/associations/{v.AssociationId}/listings";

        await ProblemAssert.IsAsync(await v.Stranger.Client.GetAsync(url), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(await v.StrangerKey.GetAsync(url), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(await v.Anonymous.GetAsync(url), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Association_listings_page_newest_first_by_cursor()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await app.CreateListingAsync(owner, associationId)).Id());
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await owner.Client.GetFromJsonAsync<JsonElement>(
                $"/api/v1/associations/{associationId}/listings?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(l => l.Id()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Association_listings_with_bad_paging_is_400(string query, string field)
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);

        var response = await owner.Client.GetAsync($"/api/v1/associations/{associationId}/listings?{query}");

        await ProblemAssert.ValidationAsync(response, field);
    }
}
