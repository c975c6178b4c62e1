using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Api.Tests.Moderation;
using ResourceShare.Infrastructure.Listings;

namespace ResourceShare.Api.Tests.Listings;

/// <summary>
/// The search's categoryCounts: exact per kind and category from the counts the writes keep, and exact up to a cap
/// for other filters. The database of this class is its own and its tests run one after the other, so a count's
/// change is what the test itself did.
/// </summary>
public sealed class ListingCountTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    [Fact]
    public async Task Browsing_counts_follow_publishing_pausing_closing_and_deleting()
    {
        var (owner, associationId) = await VerifiedAsync();
        var before = await CountsAsync("kind=offer");

        var room = await PublishAsync(owner, associationId, "room");
        await PublishAsync(owner, associationId, "room");
        await PublishAsync(owner, associationId, "vehicle");
        await PublishAsync(owner, associationId, "room", "request");
        var draft = (await app.CreateListingAsync(owner, associationId)).Id();
        Assert.Equal((2, 1), Change(before, await CountsAsync("kind=offer")));

        (await owner.Client.PostAsync($"/api/v1/listings/{room}/pause", null)).EnsureSuccessStatusCode();
        Assert.Equal((1, 1), Change(before, await CountsAsync("kind=offer")));
        (await owner.Client.PostAsync($"/api/v1/listings/{room}/resume", null)).EnsureSuccessStatusCode();
        Assert.Equal((2, 1), Change(before, await CountsAsync("kind=offer&category=vehicle")));
        (await owner.Client.PostAsJsonAsync($"/api/v1/listings/{room}/close", new { reason = "fulfilled" })).EnsureSuccessStatusCode();
        (await owner.Client.DeleteAsync($"/api/v1/listings/{draft}")).EnsureSuccessStatusCode();

        Assert.Equal((1, 1), Change(before, await CountsAsync("kind=offer")));
    }

    [Fact]
    public async Task Browsing_counts_leave_out_hidden_due_and_suspended_listings_at_once()
    {
        var (owner, associationId) = await VerifiedAsync();
        var (otherOwner, otherAssociation) = await VerifiedAsync();
        var reported = await PublishAsync(owner, associationId, "room");
        var due = await PublishAsync(owner, associationId, "room");
        await PublishAsync(otherOwner, otherAssociation, "room");
        await PublishAsync(otherOwner, otherAssociation, "vehicle");
        var before = await CountsAsync("");

        for (var i = 0; i < 3; i++)
        {
            await app.ReportFromNewAssociationAsync(reported);
        }

        await app.MakeListingDueAsync(due);
        Assert.Equal((-2, 0), Change(before, await CountsAsync("")));

        await app.SetVerificationStatusAsync(otherAssociation, "suspended");
        Assert.Equal((-3, -1), Change(before, await CountsAsync("")));

        await app.SetVerificationStatusAsync(otherAssociation, "verified");
        await app.ExpireDueListingsAsync();
        Assert.Equal((-2, 0), Change(before, await CountsAsync("")));
    }

    [Fact]
    public async Task Browsing_counts_stay_exact_when_many_listings_are_published_at_once_and_folded()
    {
        var (owner, associationId) = await VerifiedAsync();
        var drafts = new List<Guid>();
        for (var i = 0; i < 24; i++)
        {
            drafts.Add((await app.CreateListingAsync(owner, associationId, i % 3 == 0 ? "vehicle" : "room")).Id());
        }

        var before = await CountsAsync("kind=offer");

        await Task.WhenAll(drafts.Select(async id =>
            (await owner.Client.PostAsync($"/api/v1/listings/{id}/publish", null)).EnsureSuccessStatusCode()));
        var published = await CountsAsync("kind=offer");
        await app.Services.GetRequiredService<ListingStore>().CompactCountsAsync(CancellationToken.None);

        Assert.Equal((16, 8), Change(before, published));
        Assert.Equal((16, 8), Change(before, await CountsAsync("kind=offer")));
    }

    [Fact]
    public async Task Counts_of_other_filters_are_exact_up_to_the_cap_and_lower_bounds_beyond_it()
    {
        var word = "Zwiebelkuchen" + Guid.NewGuid().ToString("N")[..6];
        var (owner, associationId) = await VerifiedAsync();
        for (var i = 0; i < 3; i++)
        {
            await PublishAsync(owner, associationId, i == 0 ? "vehicle" : "room", change: b => b["title"] = $"{word} vom Blech {i}");
        }

        await using var capped = app.WithSettings(("Search:CountCap", "3"));
        using var client = capped.CreateClient();

        var exact = await SearchAsync(client, $"q={word} Blech");
        Assert.True(exact.GetProperty("categoryCountsExact").GetBoolean());
        Assert.Equal(JsonValueKind.Null, exact.GetProperty("categoryCountsCap").ValueKind);
        Assert.Equal((2, 1), (Count(exact, "room"), Count(exact, "vehicle")));

        await PublishAsync(owner, associationId, "room", change: b => b["title"] = $"{word} vom Blech 3");
        var beyond = await SearchAsync(client, $"q={word} Blech");
        Assert.False(beyond.GetProperty("categoryCountsExact").GetBoolean());
        Assert.Equal(3, beyond.GetProperty("categoryCountsCap").GetInt32());
        Assert.InRange(Count(beyond, "room"), 2, 3);
        Assert.InRange(Count(beyond, "vehicle"), 0, 1);
        Assert.Equal(3, Count(beyond, "room") + Count(beyond, "vehicle"));

        var browsing = await SearchAsync(client, "kind=offer");
        Assert.True(browsing.GetProperty("categoryCountsExact").GetBoolean());
        Assert.True(Count(browsing, "room") >= 3);
    }

    [Fact]
    public async Task Counts_of_one_word_are_kept_exact_beyond_the_cap_through_every_change()
    {
        var word = "Pflaumenmus" + Guid.NewGuid().ToString("N")[..6];
        var (owner, associationId) = await VerifiedAsync();
        var (otherOwner, otherAssociation) = await VerifiedAsync();
        var rooms = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            rooms.Add(await PublishAsync(owner, associationId, "room", change: b => b["description"] = $"Mit {word} und Brot, Nummer {i}."));
        }

        var vehicle = await PublishAsync(otherOwner, otherAssociation, "vehicle", change: b => b["title"] = $"Bus für {word}");
        await PublishAsync(owner, associationId, "room", "request", b => b["title"] = $"Gesucht: {word}");
        await app.CreateListingAsync(owner, associationId, change: b => b["title"] = $"Entwurf {word}");

        await using var capped = app.WithSettings(("Search:CountCap", "2"));
        using var client = capped.CreateClient();
        async Task<(int Room, int Vehicle)> WordCountsAsync(string query = "")
        {
            var newest = await SearchAsync(client, $"q={word}{query}");
            var relevant = await SearchAsync(client, $"q={word}{query}&sort=relevance");
            foreach (var result in new[] { newest, relevant })
            {
                Assert.True(result.GetProperty("categoryCountsExact").GetBoolean());
                Assert.Equal(JsonValueKind.Null, result.GetProperty("categoryCountsCap").ValueKind);
            }

            Assert.Equal((Count(newest, "room"), Count(newest, "vehicle")), (Count(relevant, "room"), Count(relevant, "vehicle")));
            return (Count(newest, "room"), Count(newest, "vehicle"));
        }

        Assert.Equal((5, 1), await WordCountsAsync());
        Assert.Equal((4, 1), await WordCountsAsync("&kind=offer"));
        Assert.Equal((4, 1), await WordCountsAsync("&kind=offer&category=vehicle"));
        Assert.False((await SearchAsync(client, $"q={word} Brot")).GetProperty("categoryCountsExact").GetBoolean());

        (await owner.Client.PostAsync($"/api/v1/listings/{rooms[0]}/pause", null)).EnsureSuccessStatusCode();
        (await owner.Client.PatchAsJsonAsync($"/api/v1/listings/{rooms[1]}", new { description = "Nur noch Brot." })).EnsureSuccessStatusCode();
        Assert.Equal((3, 1), await WordCountsAsync());

        for (var i = 0; i < 3; i++)
        {
            await app.ReportFromNewAssociationAsync(rooms[2]);
        }

        await app.MakeListingDueAsync(rooms[3]);
        await app.SetVerificationStatusAsync(otherAssociation, "suspended");
        Assert.Equal((1, 0), await WordCountsAsync());

        await app.SetVerificationStatusAsync(otherAssociation, "verified");
        await app.ExpireDueListingsAsync();
        await app.Services.GetRequiredService<ListingStore>().CompactCountsAsync(CancellationToken.None);
        Assert.Equal((1, 1), await WordCountsAsync());
        Assert.Equal([vehicle], await AllPagesAsync(client, $"q={word}&kind=offer&limit=1"));
    }

    [Fact]
    public async Task Pages_of_a_common_word_walk_every_hit_newest_first()
    {
        // 14 listings squared are more than this class publishes in all: the word is common, its page walked.
        var word = "Quittengelee" + Guid.NewGuid().ToString("N")[..6];
        var (owner, associationId) = await VerifiedAsync();
        var published = await PublishTitledAsync(owner, associationId, word, 14);

        var pages = await AllPagesAsync(app.CreateClient(), $"q={word}&limit=3");
        var rooms = await AllPagesAsync(app.CreateClient(), $"q={word}&category=room&limit=3");

        Assert.Equal(Enumerable.Reverse(published), pages);
        Assert.Equal(Enumerable.Reverse(published).Where((_, i) => i % 2 == 1), rooms);
    }

    [Fact]
    public async Task Pages_beyond_the_cap_walk_every_hit_newest_first()
    {
        var word = "Apfelstrudel" + Guid.NewGuid().ToString("N")[..6];
        var (owner, associationId) = await VerifiedAsync();
        var published = await PublishTitledAsync(owner, associationId, word, 5);

        await using var capped = app.WithSettings(("Search:CountCap", "2"));
        using var client = capped.CreateClient();

        var pages = await AllPagesAsync(client, $"q={word}&limit=2");
        var rooms = await AllPagesAsync(client, $"q={word}&category=room&limit=2");
        var near = await AllPagesAsync(client, $"lat=50.11552&lon=8.68417&radiusKm=5&associationId={associationId}&limit=2");

        Assert.Equal(Enumerable.Reverse(published), pages);
        Assert.Equal(new[] { published[4], published[2], published[0] }, rooms);
        Assert.Equal(Enumerable.Reverse(published), near);
    }

    private static int Count(JsonElement result, string category) => result.GetProperty("categoryCounts").GetProperty(category).GetInt32();

    private static (int Room, int Vehicle) Change(JsonElement before, JsonElement after) =>
        (Count(after, "room") - Count(before, "room"), Count(after, "vehicle") - Count(before, "vehicle"));

    private async Task<JsonElement> CountsAsync(string query)
    {
        using var anonymous = app.CreateClient();
        var result = await SearchAsync(anonymous, query);
        Assert.True(result.GetProperty("categoryCountsExact").GetBoolean());
        return result;
    }

    private static async Task<JsonElement> SearchAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/v1/listings?" + query);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<List<Guid>> AllPagesAsync(HttpClient client, string query)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await SearchAsync(client, query + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("listing").Id()));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? page.GetProperty("nextCursor").GetString() : null;
        }
        while (cursor is not null);
        return ids;
    }

    private async Task<(TestUser Owner, Guid AssociationId)> VerifiedAsync()
    {
        var owner = await app.RegisterAsync();
        return (owner, await app.CreateVerifiedAssociationAsync(owner));
    }

    /// <summary>Publishes <paramref name="count"/> listings titled with the word and a number, rooms and equipment in turn, oldest first.</summary>
    private async Task<List<Guid>> PublishTitledAsync(TestUser owner, Guid associationId, string word, int count)
    {
        var published = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            published.Add(await PublishAsync(owner, associationId, i % 2 == 0 ? "room" : "equipment", change: b => b["title"] = $"{word} {i}"));
        }

        return published;
    }

    private async Task<Guid> PublishAsync(TestUser owner, Guid associationId, string category, string kind = "offer", Action<JsonObject>? change = null)
    {
        var listing = await app.PublishListingAsync(owner, associationId, category, kind, change);
        Assert.Equal("published", listing.Str("status"));
        return listing.Id();
    }
}
