using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Places;

public sealed class PlaceSearchTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private readonly HttpClient client = app.CreateClient();

    private async Task<List<(string Name, string State)>> SearchAsync(string q, int? limit = null)
    {
        var url = $"/api/v1/places?q={Uri.EscapeDataString(q)}" + (limit is null ? "" : $"&limit={limit}");
        using var doc = JsonDocument.Parse(await client.GetStringAsync(url));
        return doc.RootElement.GetProperty("items").EnumerateArray()
            .Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("state").GetString()!))
            .ToList();
    }

    [Theory]
    [InlineData("giessen")]
    [InlineData("Gießen")]
    [InlineData("GIESSEN")]
    [InlineData("gieß")]
    public async Task Spelling_without_eszett_or_case_finds_Giessen(string q)
    {
        var places = await SearchAsync(q);

        Assert.Equal("Gießen", places[0].Name);
    }

    [Theory]
    [InlineData("munchen")]
    [InlineData("muenchen")]
    [InlineData("München")]
    [InlineData("MÜNCH")]
    public async Task Umlaut_written_plain_or_transliterated_finds_Muenchen(string q)
    {
        var places = await SearchAsync(q);

        Assert.Equal(("München", "Bayern"), places[0]);
    }

    [Fact]
    public async Task Prefix_ranks_by_population_so_Frankfurt_am_Main_comes_first()
    {
        var places = await SearchAsync("frankf");

        Assert.Equal("Frankfurt am Main", places[0].Name);
        Assert.Contains(places, p => p.Name == "Frankfurt (Oder)");
    }

    [Fact]
    public async Task Accents_are_ignored()
    {
        var places = await SearchAsync("koln");

        Assert.Equal("Köln", places[0].Name);
    }

    [Fact]
    public async Task Only_prefixes_match_not_inner_words()
    {
        var places = await SearchAsync("main");

        Assert.DoesNotContain(places, p => p.Name == "Frankfurt am Main");
        Assert.All(places, p => Assert.StartsWith("main", p.Name, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Limit_caps_the_number_of_places()
    {
        var places = await SearchAsync("b", limit: 3);

        Assert.Equal(3, places.Count);
        Assert.Equal("Berlin", places[0].Name);
    }

    [Fact]
    public async Task Answer_carries_coordinates_and_the_GeoNames_attribution()
    {
        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/places?q=Kassel&limit=1");

        var kassel = body.GetProperty("items")[0];
        Assert.Equal("Hessen", kassel.GetProperty("state").GetString());
        Assert.InRange(kassel.GetProperty("latitude").GetDouble(), 51.2, 51.4);
        Assert.InRange(kassel.GetProperty("longitude").GetDouble(), 9.4, 9.6);
        Assert.Contains("GeoNames", body.GetProperty("attribution").GetString());
    }

    [Fact]
    public async Task Unknown_place_gives_an_empty_list()
    {
        var places = await SearchAsync("xyzzyq");

        Assert.Empty(places);
    }

    [Theory]
    [InlineData("/api/v1/places", "q")]
    [InlineData("/api/v1/places?q=", "q")]
    [InlineData("/api/v1/places?q=a&limit=0", "limit")]
    [InlineData("/api/v1/places?q=a&limit=51", "limit")]
    [InlineData("/api/v1/places?q=a&limit=ten", "limit")]
    public async Task Bad_query_is_a_validation_problem_naming_the_field(string url, string field)
    {
        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Overlong_query_is_rejected()
    {
        var response = await client.GetAsync("/api/v1/places?q=" + new string('a', 101));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
