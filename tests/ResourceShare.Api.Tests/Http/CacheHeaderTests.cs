using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Http;

public sealed class CacheHeaderTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    [Fact]
    public async Task Answers_to_signed_in_callers_are_not_stored_by_shared_caches()
    {
        var owner = await app.RegisterAsync();
        var id = await app.CreateAssociationAsync(owner);

        var response = await owner.Client.GetAsync($"/api/v1/associations/{id}");

        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.True(response.Headers.CacheControl?.Private);
    }

    [Fact]
    public async Task Public_answers_vary_by_credentials_and_language()
    {
        var owner = await app.RegisterAsync();
        var id = await app.CreateAssociationAsync(owner);

        var response = await app.CreateClient().GetAsync($"/api/v1/associations/{id}");

        Assert.Contains("Authorization", response.Headers.Vary);
        Assert.Contains("X-Api-Key", response.Headers.Vary);
        Assert.Contains("Accept-Language", response.Headers.Vary);
        Assert.Null(response.Headers.CacheControl);
    }
}
