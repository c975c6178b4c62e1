using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Listings;

/// <summary>The listing status machine as an association drives it over HTTP.</summary>
public sealed class ListingLifecycleTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private sealed record Setup(TestUser Owner, Guid AssociationId, Guid ListingId);

    /// <summary>A listing brought to <paramref name="status"/> the way it gets there: by the association's own actions where it can, else as a moderator or the expiry job would.</summary>
    private async Task<Setup> ListingInAsync(string status)
    {
        var owner = await app.RegisterAsync();
        var associationId = status == "pending_review" || status == "rejected"
            ? await app.CreateAssociationAsync(owner)
            : await app.CreateVerifiedAssociationAsync(owner);
        var id = (await app.CreateListingAsync(owner, associationId)).Id();
        if (status != "draft")
        {
            await PostAsync(owner, id, "publish");
        }

        switch (status)
        {
            case "paused":
                await PostAsync(owner, id, "pause");
                break;
            case "closed":
                await PostAsync(owner, id, "close", new { reason = "fulfilled" });
                break;
            case "expired":
                await app.MakeListingDueAsync(id);
                await app.ExpireDueListingsAsync();
                break;
            case "rejected" or "removed":
                await app.SetListingStatusAsync(id, status);
                break;
        }

        Assert.Equal(status, (await GetAsync(owner, id)).Str("status"));
        return new Setup(owner, associationId, id);
    }

    private static async Task<JsonElement> GetAsync(TestUser user, Guid id) =>
        await user.Client.GetFromJsonAsync<JsonElement>($"/api/v1/listings/{id}");

    private static Task<HttpResponseMessage> PostAsync(TestUser user, Guid id, string action, object? body = null) =>
        body is null
            ? user.Client.PostAsync($"/api/v1/listings/{id}/{action}", null)
            : user.Client.PostAsJsonAsync($"/api/v1/listings/{id}/{action}", body);

    private static Task<HttpResponseMessage> ActAsync(TestUser user, Guid id, string action) => action switch
    {
        "publish" or "pause" or "resume" => PostAsync(user, id, action),
        "close" => PostAsync(user, id, action, new { reason = "withdrawn" }),
        "delete" => user.Client.DeleteAsync($"/api/v1/listings/{id}"),
        "edit" => user.Client.PatchAsJsonAsync($"/api/v1/listings/{id}", new { title = "Geänderter Titel" }),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    // Every status an association's listing can be in, and every action the association can take on it: what
    // each leads to, or null where it is refused with a 409 naming the current status.
    public static TheoryData<string, string, string?> Moves => new()
    {
        { "draft", "publish", "published" },
        { "draft", "pause", null },
        { "draft", "resume", null },
        { "draft", "close", null },
        { "draft", "delete", "deleted" },
        { "draft", "edit", "draft" },
        { "pending_review", "publish", null },
        { "pending_review", "pause", null },
        { "pending_review", "resume", null },
        { "pending_review", "close", null },
        { "pending_review", "delete", null },
        { "pending_review", "edit", "pending_review" },
        { "published", "publish", null },
        { "published", "pause", "paused" },
        { "published", "resume", null },
        { "published", "close", "closed" },
        { "published", "delete", null },
        { "published", "edit", "published" },
        { "paused", "publish", null },
        { "paused", "pause", null },
        { "paused", "resume", "published" },
        { "paused", "close", "closed" },
        { "paused", "delete", null },
        { "paused", "edit", "paused" },
        { "closed", "publish", null },
        { "closed", "pause", null },
        { "closed", "resume", null },
        { "closed", "close", null },
        { "closed", "delete", null },
        { "closed", "edit", null },
        { "expired", "publish", null },
        { "expired", "pause", null },
        { "expired", "resume", null },
        { "expired", "close", null },
        { "expired", "delete", null },
        { "expired", "edit", null },
        { "rejected", "publish", null },
        { "rejected", "pause", null },
        { "rejected", "resume", null },
        { "rejected", "close", null },
        { "rejected", "delete", null },
        { "rejected", "edit", null },
        { "removed", "publish", null },
        { "removed", "pause", null },
        { "removed", "resume", null },
        { "removed", "close", null },
        { "removed", "delete", null },
        { "removed", "edit", null },
    };

    [Theory]
    [MemberData(nameof(Moves))]
    public async Task Action_in_a_status_leads_where_the_diagram_says_or_is_409_naming_the_status(string status, string action, string? outcome)
    {
        var (owner, _, id) = await ListingInAsync(status);

        var response = await ActAsync(owner, id, action);

        if (outcome is null)
        {
            var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "invalid-transition");
            Assert.Equal(status, problem.Str("currentStatus"));
            Assert.Contains(status, problem.Str("detail"));
            Assert.Equal(status, (await GetAsync(owner, id)).Str("status"));
        }
        else if (outcome == "deleted")
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync($"/api/v1/listings/{id}")).StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(outcome, (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("status"));
            Assert.Equal(outcome, (await GetAsync(owner, id)).Str("status"));
        }
    }

    [Fact]
    public async Task Publish_by_unverified_association_goes_to_pending_review()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);

        var listing = await app.PublishListingAsync(owner, associationId);

        Assert.Equal("pending_review", listing.Str("status"));
        Assert.Equal(JsonValueKind.Null, listing.GetProperty("publishedAt").ValueKind);
    }

    [Fact]
    public async Task Publish_by_verified_association_publishes_at_once()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateVerifiedAssociationAsync(owner);

        var listing = await app.PublishListingAsync(owner, associationId);

        Assert.Equal("published", listing.Str("status"));
        Assert.InRange(listing.GetProperty("publishedAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Publish_by_suspended_association_is_403_and_leaves_a_draft()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateVerifiedAssociationAsync(owner);
        var id = (await app.CreateListingAsync(owner, associationId)).Id();
        await app.SetVerificationStatusAsync(associationId, "suspended");

        var response = await PostAsync(owner, id, "publish");

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "association-suspended");
        Assert.Equal("draft", (await GetAsync(owner, id)).Str("status"));
    }

    [Fact]
    public async Task Pause_and_resume_keep_the_first_publication_time()
    {
        var (owner, _, id) = await ListingInAsync("published");
        var publishedAt = (await GetAsync(owner, id)).GetProperty("publishedAt").GetDateTimeOffset();

        await PostAsync(owner, id, "pause");
        var resumed = await (await PostAsync(owner, id, "resume")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("published", resumed.Str("status"));
        Assert.Equal(publishedAt, resumed.GetProperty("publishedAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("fulfilled")]
    [InlineData("withdrawn")]
    public async Task Close_records_the_reason(string reason)
    {
        var (owner, _, id) = await ListingInAsync("published");

        var response = await PostAsync(owner, id, "close", new { reason });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var closed = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("closed", closed.Str("status"));
        Assert.Equal(reason, closed.Str("closeReason"));
    }

    [Fact]
    public async Task Close_without_a_reason_is_400()
    {
        var (owner, _, id) = await ListingInAsync("published");

        var response = await PostAsync(owner, id, "close", new { });

        await ProblemAssert.ValidationAsync(response, "reason");
        Assert.Equal("published", (await GetAsync(owner, id)).Str("status"));
    }

    [Fact]
    public async Task Close_with_an_unknown_reason_is_400()
    {
        var (owner, _, id) = await ListingInAsync("published");

        var response = await PostAsync(owner, id, "close", new { reason = "bored" });

        await ProblemAssert.ValidationAsync(response, "reason");
    }

    [Theory]
    [InlineData("publish", "draft")]
    [InlineData("pause", "published")]
    [InlineData("close", "published")]
    [InlineData("delete", "draft")]
    [InlineData("edit", "draft")]
    public async Task Action_by_a_plain_member_is_403(string action, string status)
    {
        var (owner, associationId, id) = await ListingInAsync(status);
        var member = await app.AddMemberAsync(owner, associationId, "member");

        var response = await ActAsync(member, id, action);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(status, (await GetAsync(owner, id)).Str("status"));
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("close")]
    [InlineData("delete")]
    [InlineData("edit")]
    public async Task Action_on_another_association_s_published_listing_is_403(string action)
    {
        var (owner, _, id) = await ListingInAsync("published");
        var stranger = await app.RegisterAsync();
        await app.CreateAssociationAsync(stranger);

        var response = await ActAsync(stranger, id, action);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("published", (await GetAsync(owner, id)).Str("status"));
    }

    [Theory]
    [InlineData("publish")]
    [InlineData("delete")]
    [InlineData("edit")]
    public async Task Action_on_another_association_s_draft_is_404(string action)
    {
        var (owner, _, id) = await ListingInAsync("draft");
        var stranger = await app.RegisterAsync();

        var response = await ActAsync(stranger, id, action);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
        Assert.Equal("draft", (await GetAsync(owner, id)).Str("status"));
    }

    [Fact]
    public async Task Action_on_a_listing_that_does_not_exist_is_404()
    {
        var owner = await app.RegisterAsync();

        var response = await PostAsync(owner, Guid.NewGuid(), "pause");

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Key_with_listings_write_drives_the_whole_lifecycle()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateVerifiedAssociationAsync(owner);
        using var integrator = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(owner, associationId, "listings:read", "listings:write"));
        var id = (await app.CreateListingAsync(integrator, ListingBodies.Valid(associationId))).Id();

        string[] statuses =
        [
            await StatusAfterAsync(integrator.PostAsync($"/api/v1/listings/{id}/publish", null)),
            await StatusAfterAsync(integrator.PostAsync($"/api/v1/listings/{id}/pause", null)),
            await StatusAfterAsync(integrator.PostAsync($"/api/v1/listings/{id}/resume", null)),
            await StatusAfterAsync(integrator.PostAsJsonAsync($"/api/v1/listings/{id}/close", new { reason = "fulfilled" })),
        ];

        Assert.Equal(["published", "paused", "published", "closed"], statuses);
    }

    [Fact]
    public async Task Key_with_only_listings_read_cannot_publish()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateVerifiedAssociationAsync(owner);
        var id = (await app.CreateListingAsync(owner, associationId)).Id();
        using var reader = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(owner, associationId, "listings:read"));

        var response = await reader.PostAsync($"/api/v1/listings/{id}/publish", null);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Edit_changes_only_the_fields_sent()
    {
        var (owner, _, id) = await ListingInAsync("published");
        var before = await GetAsync(owner, id);

        var response = await owner.Client.PatchAsJsonAsync($"/api/v1/listings/{id}", new { title = "Neuer Titel", terms = new { kind = "exchange", exchangeFor = "Hilfe beim Aufbau" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Neuer Titel", after.Str("title"));
        Assert.Equal("exchange", after.GetProperty("terms").Str("kind"));
        Assert.Equal("Hilfe beim Aufbau", after.GetProperty("terms").Str("exchangeFor"));
        foreach (var kept in new[] { "description", "details", "place", "schedule", "validUntil", "status", "publishedAt" })
        {
            Assert.Equal(before.GetProperty(kept).GetRawText(), after.GetProperty(kept).GetRawText());
        }
    }

    [Fact]
    public async Task Edit_after_the_first_window_has_passed_still_works()
    {
        var (owner, _, id) = await ListingInAsync("published");
        var past = DateTimeOffset.UtcNow.AddDays(-3);
        var future = DateTimeOffset.UtcNow.AddDays(3);
        await app.ExecuteSqlAsync(
            "UPDATE listing SET schedule = @value::jsonb WHERE id = @id", id,
            JsonSerializer.Serialize(new { windows = new[] { new { start = past, end = past.AddHours(2) }, new { start = future, end = future.AddHours(2) } } }));

        var response = await owner.Client.PatchAsJsonAsync($"/api/v1/listings/{id}", new { title = "Titel nach einer Woche" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string> StatusAfterAsync(Task<HttpResponseMessage> request)
    {
        var response = await request;
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("status") : $"{(int)response.StatusCode}";
    }
}
