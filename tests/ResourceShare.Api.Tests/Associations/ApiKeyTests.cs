using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Associations;

public sealed class ApiKeyTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private static async Task<JsonElement> KeyInListAsync(TestUser owner, Guid associationId, Guid keyId)
    {
        var response = await owner.Client.GetAsync($"/api/v1/associations/{associationId}/api-keys");
        var body = await response.JsonAsync(HttpStatusCode.OK);
        return Assert.Single(body.GetProperty("items").EnumerateArray(), k => k.GetProperty("id").GetGuid() == keyId);
    }

    [Fact]
    public async Task Key_is_shown_once_and_listed_with_prefix_scopes_and_last_use_but_never_its_secret()
    {
        var owner = await app.RegisterAsync();
        var id = await app.CreateAssociationAsync(owner);

        var response = await owner.Client.PostAsJsonAsync($"/api/v1/associations/{id}/api-keys", new { name = "Netzwerk-Website", scopes = new[] { "listings:write", "listings:read" } });

        var created = await response.JsonAsync(HttpStatusCode.Created);
        var keyId = created.GetProperty("id").GetGuid();
        var secret = created.GetProperty("key").GetString()!;
        Assert.Equal($"/api/v1/associations/{id}/api-keys/{keyId}", response.Headers.Location?.OriginalString);
        Assert.StartsWith("rsk_", secret, StringComparison.Ordinal);
        Assert.Equal(secret[..10], created.GetProperty("prefix").GetString());
        var listing = await (await owner.Client.GetAsync($"/api/v1/associations/{id}/api-keys")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, listing, StringComparison.Ordinal);
        var listed = await KeyInListAsync(owner, id, keyId);
        Assert.False(listed.TryGetProperty("key", out _));
        Assert.Equal("Netzwerk-Website", listed.GetProperty("name").GetString());
        Assert.Equal(secret[..10], listed.GetProperty("prefix").GetString());
        Assert.Equal(["listings:read", "listings:write"], listed.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("lastUsedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("revokedAt").ValueKind);

        var used = await app.CreateClientWithApiKey(secret).GetAsync($"/api/v1/associations/{id}");

        Assert.Equal("kontakt@verein.example", (await used.JsonAsync(HttpStatusCode.OK)).GetProperty("contactEmail").GetString());
        var lastUsed = (await KeyInListAsync(owner, id, keyId)).GetProperty("lastUsedAt").GetDateTimeOffset();
        Assert.InRange(lastUsed, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Revoked_key_stops_working_at_once()
    {
        var owner = await app.RegisterAsync();
        var id = await app.CreateAssociationAsync(owner);
        var secret = await app.CreateApiKeyAsync(owner, id, "listings:read");
        var keyId = (await (await owner.Client.GetAsync($"/api/v1/associations/{id}/api-keys")).JsonAsync(HttpStatusCode.OK))
            .GetProperty("items")[0].GetProperty("id").GetGuid();
        var integrator = app.CreateClientWithApiKey(secret);
        Assert.Equal(HttpStatusCode.Forbidden, (await integrator.GetAsync("/api/v1/me")).StatusCode);

        var revoke = await owner.Client.DeleteAsync($"/api/v1/associations/{id}/api-keys/{keyId}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await integrator.GetAsync("/api/v1/me")).StatusCode);
        var profile = await (await integrator.GetAsync($"/api/v1/associations/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("contactEmail").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, (await KeyInListAsync(owner, id, keyId)).GetProperty("revokedAt").ValueKind);
    }

    [Theory]
    [InlineData("Website", new[] { "listings:read", "admin" }, "scopes[1]")]
    [InlineData("Website", new[] { "listings:read", "listings:read" }, "scopes")]
    [InlineData("Website", new string[0], "scopes")]
    [InlineData("", new[] { "listings:read" }, "name")]
    public async Task Key_with_an_invalid_name_or_scopes_returns_400_naming_the_field(string name, string[] scopes, string field)
    {
        var owner = await app.RegisterAsync();
        var id = await app.CreateAssociationAsync(owner);

        var response = await owner.Client.PostAsJsonAsync($"/api/v1/associations/{id}/api-keys", new { name, scopes });

        Assert.Equal([field], (await response.ValidationErrorsAsync()).Keys);
    }
}
