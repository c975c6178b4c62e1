using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.SavedSearches;

/// <summary>Saving searches through the API, and waiting for the matcher, for the saved-search tests.</summary>
public static class SavedSearching
{
    public static string Path(Guid associationId) => $"/api/v1/associations/{associationId}/saved-searches";

    /// <summary>A search for listings whose text has <paramref name="word"/> (each test's own word), with more filters if given.</summary>
    public static object Body(string word, string channel = "email", string rhythm = "immediately", string name = "Räume", object? filters = null) =>
        new { name, filters = filters ?? new { q = word }, channel, rhythm };

    public static async Task<JsonElement> SaveAsync(TestUser user, Guid associationId, object body)
    {
        var response = await user.Client.PostAsJsonAsync(Path(associationId), body);
        var saved = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, saved.ToString());
        return saved;
    }

    /// <summary>Waits until the matcher took every queued listing and sent what is due at once.</summary>
    public static async Task WaitForMatcherAsync(ResourceShareApp app)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await conn.ExecuteScalarAsync<long>(
                   """
                   SELECT (SELECT count(*) FROM saved_search_pending)
                        + (SELECT count(*) FROM saved_search_hit h JOIN saved_search s ON s.id = h.saved_search_id
                            WHERE NOT h.sent AND s.rhythm = 'immediately')
                   """) > 0)
        {
            Assert.True(DateTime.UtcNow < until, "The saved searches were not matched in time.");
            await Task.Delay(50);
        }
    }

    /// <summary>The listings a search found, and whether each was sent.</summary>
    public static async Task<IReadOnlyList<(Guid ListingId, bool Sent)>> HitsAsync(ResourceShareApp app, Guid searchId)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        return (await conn.QueryAsync<(Guid, bool)>(
            "SELECT listing_id, sent FROM saved_search_hit WHERE saved_search_id = @searchId ORDER BY matched_at", new { searchId })).AsList();
    }
}
