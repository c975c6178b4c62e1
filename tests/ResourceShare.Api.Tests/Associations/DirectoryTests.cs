using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Associations;

public sealed class DirectoryTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private readonly HttpClient anonymous = app.CreateClient();

    /// <summary>A word that only this test's associations contain, so that q= finds them and nothing else.</summary>
    private static string Token() => Guid.NewGuid().ToString("N")[..12];

    private static async Task<Guid> CreateAsync(TestUser owner, string name, string city = "Frankfurt am Main", params string[] languages)
    {
        var response = await owner.Client.PostAsJsonAsync("/api/v1/associations", new { name, legalForm = "e.V.", postalCode = "60311", city, languages });
        return (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    /// <summary>Sets a verification status directly, standing in for the moderation that decides it.</summary>
    private async Task SetStatusAsync(Guid id, string status)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.ExecuteAsync("UPDATE association SET verification_status = @status WHERE id = @id", new { id, status });
    }

    private async Task<(List<Guid> Ids, string? NextCursor)> PageAsync(string query)
    {
        var body = await (await anonymous.GetAsync("/api/v1/associations?" + query)).JsonAsync(HttpStatusCode.OK);
        var next = body.GetProperty("nextCursor");
        return (body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList(),
            next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }

    private async Task<List<Guid>> SearchAsync(string query) => (await PageAsync(query)).Ids;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Pages_follow_one_stable_order_without_duplicates_or_gaps(int limit)
    {
        var owner = await app.RegisterAsync();
        var token = Token();
        var created = new List<Guid>();
        foreach (var name in new[] { "Zukunftswerk", "alpha", "Alpha", "İstanbul Kültür Derneği", "Jugendforum", "Ärztinnen ohne Grenzen", "Ikonen-Chor" })
        {
            created.Add(await CreateAsync(owner, $"{name} {token}"));
        }

        var (all, _) = await PageAsync($"q={token}&limit=100");
        var paged = new List<Guid>();
        string? cursor = null;
        for (var pages = 0; pages <= created.Count; pages++)
        {
            var (ids, next) = await PageAsync($"q={token}&limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            Assert.InRange(ids.Count, 1, limit);
            paged.AddRange(ids);
            cursor = next;
            if (cursor is null)
            {
                break;
            }
        }

        Assert.Null(cursor);
        Assert.Equal(created.Order(), all.Order());
        Assert.Equal(all, paged);
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("ISTANBUL KÜLTÜR DERNEĞİ {0}")]
    [InlineData("İstanbul Kültür Derneği {0}")]
    [InlineData("kültür derneği {0}")]
    public async Task Text_search_finds_any_part_of_the_name_in_any_letter_case(string query)
    {
        var owner = await app.RegisterAsync();
        var token = Token();
        var id = await CreateAsync(owner, $"İstanbul Kültür Derneği {token}");

        var found = await SearchAsync("q=" + Uri.EscapeDataString(string.Format(System.Globalization.CultureInfo.InvariantCulture, query, token)));

        Assert.Equal([id], found);
    }

    [Fact]
    public async Task Text_search_takes_wildcards_literally()
    {
        var owner = await app.RegisterAsync();
        var token = Token();
        var id = await CreateAsync(owner, $"100% Kultur {token}");

        Assert.Equal([id], await SearchAsync("q=" + Uri.EscapeDataString($"100% kultur {token}")));
        Assert.Empty(await SearchAsync("q=" + Uri.EscapeDataString($"1_0% kultur {token}")));
        Assert.Empty(await SearchAsync("q=" + Uri.EscapeDataString($"%kultur {token}")));
    }

    [Fact]
    public async Task Filters_by_city_language_and_verification_and_never_list_suspended_associations()
    {
        var owner = await app.RegisterAsync();
        var token = Token();
        var giessen = await CreateAsync(owner, $"Tigrinya-Treff {token}", "Gießen", "de", "ti");
        var kassel = await CreateAsync(owner, $"Ghana Union {token}", "Kassel", "ar", "twi");
        var suspended = await CreateAsync(owner, $"Gesperrt {token}", "Gießen", "ti");
        await SetStatusAsync(giessen, "verified");
        await SetStatusAsync(suspended, "suspended");

        Assert.Equal([giessen], await SearchAsync($"q={token}&city=GIEßEN"));
        Assert.Equal([kassel], await SearchAsync($"q={token}&city=kassel"));
        Assert.Equal([giessen], await SearchAsync($"q={token}&language=TI"));
        Assert.Equal([kassel], await SearchAsync($"q={token}&language=tw"));
        Assert.Equal([kassel], await SearchAsync($"q={token}&language=twi"));
        Assert.Equal([giessen], await SearchAsync($"q={token}&verified=true"));
        Assert.Equal([kassel], await SearchAsync($"q={token}&verified=false"));
        Assert.Equal([giessen], await SearchAsync($"q={token}&city=Gie%C3%9Fen&language=de&verified=true"));
        Assert.DoesNotContain(suspended, await SearchAsync($"q={token}"));
    }

    [Theory]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=!!!", "cursor")]
    [InlineData("cursor=WzEsMl0", "cursor")]
    [InlineData("cursor=bnVsbA", "cursor")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=zehn", "limit")]
    [InlineData("language=klingon", "language")]
    [InlineData("verified=vielleicht", "verified")]
    public async Task Invalid_query_returns_400_naming_the_parameter(string query, string field)
    {
        var response = await anonymous.GetAsync("/api/v1/associations?" + query);

        Assert.Equal([field], (await response.ValidationErrorsAsync()).Keys);
    }
}
