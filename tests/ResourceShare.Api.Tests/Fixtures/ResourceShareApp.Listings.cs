using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResourceShare.Infrastructure.Listings;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>Intent methods for listings, and the few states no endpoint can reach yet (verification, time passing).</summary>
public partial class ResourceShareApp
{
    /// <summary>Creates an association owned by <paramref name="owner"/> and verifies it, as a moderator will.</summary>
    public async Task<Guid> CreateVerifiedAssociationAsync(TestUser owner)
    {
        var id = await CreateAssociationAsync(owner);
        await SetVerificationStatusAsync(id, "verified");
        return id;
    }

    public Task SetVerificationStatusAsync(Guid associationId, string status) =>
        ExecuteSqlAsync("UPDATE association SET verification_status = @value WHERE id = @id", associationId, status);

    /// <summary>Moves a listing to a status no endpoint reaches yet (a moderator's rejected, removed or approval).</summary>
    public Task SetListingStatusAsync(Guid listingId, string status) =>
        ExecuteSqlAsync(
            """
            UPDATE listing
               SET status = @value, version = version + 1,
                   published_at = CASE WHEN @value = 'published' THEN coalesce(published_at, now()) ELSE published_at END
             WHERE id = @id
            """,
            listingId, status);

    /// <summary>Lets a listing's validUntil pass, as time would.</summary>
    public Task MakeListingDueAsync(Guid listingId) =>
        ExecuteSqlAsync("UPDATE listing SET valid_until = @value WHERE id = @id", listingId, DateTime.UtcNow.AddMinutes(-1));

    /// <summary>Runs the expiry job's work once.</summary>
    public Task<int> ExpireDueListingsAsync() => Services.GetRequiredService<ListingStore>().ExpireDueAsync(CancellationToken.None);

    /// <summary>Runs one statement with the parameters @id and @value on this app's database.</summary>
    public async Task ExecuteSqlAsync(string sql, Guid id, object value)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("value", value);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<JsonElement> CreateListingAsync(HttpClient client, JsonObject body) =>
        await ReadSuccessAsync(await client.PostAsJsonAsync("/api/v1/listings", body));

    /// <summary>Creates a draft with the default body of the category and kind, changed by <paramref name="change"/>.</summary>
    public Task<JsonElement> CreateListingAsync(
        TestUser user, Guid associationId, string category = "room", string kind = "offer", Action<JsonObject>? change = null)
    {
        var body = ListingBodies.Valid(associationId, category, kind);
        change?.Invoke(body);
        return CreateListingAsync(user.Client, body);
    }

    /// <summary>Creates and publishes a listing; it is published at once when the association is verified.</summary>
    public async Task<JsonElement> PublishListingAsync(
        TestUser user, Guid associationId, string category = "room", string kind = "offer", Action<JsonObject>? change = null)
    {
        var created = await CreateListingAsync(user, associationId, category, kind, change);
        return await ReadSuccessAsync(await user.Client.PostAsync($"/api/v1/listings/{created.GetProperty("id").GetGuid()}/publish", null));
    }
}
