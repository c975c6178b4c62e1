using Microsoft.Extensions.Caching.Memory;
using ResourceShare.Web.ApiClient.Models;
using ResourceShare.Web.Texts;

namespace ResourceShare.Web.Api;

/// <summary>The categories and their detail fields as the API describes them (GET /api/v1/categories), kept for a while.</summary>
public sealed class Categories(ApiClientFactory clients, IMemoryCache cache)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public async Task<IReadOnlyList<CategoryResponse>> AllAsync(CancellationToken ct) =>
        await cache.GetOrCreateAsync("categories", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            var list = await clients.WithoutSession().Api.V1.Categories.GetAsync(cancellationToken: ct);
            return (IReadOnlyList<CategoryResponse>)(list?.Items ?? []);
        }) ?? [];

    public async Task<CategoryResponse?> FindAsync(string? id, CancellationToken ct) =>
        (await AllAsync(ct)).FirstOrDefault(category => Wire.Of(category.Id) == id);

    public string Name(CategoryResponse category) => Tr.English ? category.NameEn! : category.NameDe!;

    public async Task<string> NameAsync(string? id, CancellationToken ct) =>
        await FindAsync(id, ct) is { } category ? Name(category) : id ?? "";
}
