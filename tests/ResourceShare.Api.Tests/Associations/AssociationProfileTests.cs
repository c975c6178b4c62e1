using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Associations;

public sealed class AssociationProfileTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private static Dictionary<string, object?> Profile() => new()
    {
        ["name"] = $"Eritreischer Kulturverein {Guid.NewGuid():N}",
        ["legalForm"] = "e.V.",
        ["registerCourt"] = "Amtsgericht Frankfurt am Main",
        ["registerNumber"] = "VR 14325",
        ["postalCode"] = "60311",
        ["city"] = "Frankfurt am Main",
        ["description"] = "Treffpunkt, Sprachkurse und Dolmetschen.",
        ["languages"] = new[] { "DE", "ti", "prs", "twi", "de" },
        ["website"] = "https://verein.example.org",
        ["contactEmail"] = "kontakt@verein.example.org",
    };

    public static TheoryData<string, object?, string> InvalidFields => new()
    {
        { "name", "", "name" },
        { "name", "   ", "name" },
        { "name", new string('n', 201), "name" },
        { "legalForm", null, "legalForm" },
        { "legalForm", new string('l', 61), "legalForm" },
        { "postalCode", "6031", "postalCode" },
        { "postalCode", "D-60311", "postalCode" },
        { "postalCode", "60311\n", "postalCode" },
        { "postalCode", null, "postalCode" },
        { "city", "", "city" },
        { "city", new string('c', 101), "city" },
        { "description", new string('d', 4001), "description" },
        { "registerCourt", null, "registerNumber" },
        { "registerNumber", null, "registerNumber" },
        { "registerNumber", "12345", "registerNumber" },
        { "registerNumber", "VR 1234567", "registerNumber" },
        { "registerCourt", "Landgericht Kassel", "registerCourt" },
        { "languages", new[] { "xx" }, "languages[0]" },
        { "languages", new[] { "de", "klingon" }, "languages[1]" },
        { "languages", new[] { "tlh" }, "languages[0]" },
        { "languages", Enumerable.Repeat("de", 31).ToArray(), "languages" },
        { "website", "verein.example.org", "website" },
        { "website", "ftp://verein.example.org", "website" },
        { "website", "https://localhost", "website" },
        { "website", "javascript:alert(1)", "website" },
        { "website", "https://verein.example.org/" + new string('w', 300), "website" },
        { "contactEmail", "kontakt-at-verein", "contactEmail" },
    };

    private static async Task<HttpResponseMessage> PatchAsync(TestUser user, Guid id, object body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/associations/{id}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.ParseAdd(ifMatch);
        }

        return await user.Client.SendAsync(request);
    }

    private async Task<(Guid Id, string ETag)> CreateAsync(TestUser owner, Dictionary<string, object?> profile)
    {
        var response = await owner.Client.PostAsJsonAsync("/api/v1/associations", profile);
        var body = await response.JsonAsync(HttpStatusCode.Created);
        return (body.GetProperty("id").GetGuid(), response.Headers.ETag!.Tag);
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public async Task Create_makes_the_creator_owner_of_an_unverified_association_with_location_and_etag()
    {
        var owner = await app.RegisterAsync("gruenderin");
        var profile = Profile();

        var response = await owner.Client.PostAsJsonAsync("/api/v1/associations", profile);

        var body = await response.JsonAsync(HttpStatusCode.Created);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/associations/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(profile["name"], body.GetProperty("name").GetString());
        Assert.Equal("unverified", body.GetProperty("verificationStatus").GetString());
        Assert.Equal(["de", "ti", "prs", "tw"], Strings(body.GetProperty("languages")));
        Assert.Equal("VR 14325", body.GetProperty("registerEntry").GetProperty("number").GetString());
        Assert.Equal("kontakt@verein.example.org", body.GetProperty("contactEmail").GetString());
        var details = await (await owner.Client.GetAsync($"/api/v1/associations/{id}")).JsonAsync(HttpStatusCode.OK);
        var member = Assert.Single(details.GetProperty("members").EnumerateArray());
        Assert.Equal(owner.Id, member.GetProperty("userId").GetGuid());
        Assert.Equal("owner", member.GetProperty("role").GetString());
        var me = await (await owner.Client.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK);
        var membership = Assert.Single(me.GetProperty("memberships").EnumerateArray());
        Assert.Equal((id, "owner"), (membership.GetProperty("associationId").GetGuid(), membership.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Public_profile_hides_contact_email_and_members()
    {
        var owner = await app.RegisterAsync();
        var (id, _) = await CreateAsync(owner, Profile());

        var response = await app.CreateClient().GetAsync($"/api/v1/associations/{id}");

        var body = await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("contactEmail").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("members").ValueKind);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
    }

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Create_with_an_invalid_field_returns_400_naming_it(string field, object? value, string errorKey)
    {
        var owner = await app.RegisterAsync();
        var profile = Profile();
        profile[field] = value;

        var response = await owner.Client.PostAsJsonAsync("/api/v1/associations", profile);

        var errors = await response.ValidationErrorsAsync();
        Assert.Equal([errorKey], errors.Keys);
    }

    [Fact]
    public async Task Validation_messages_come_in_German_when_asked()
    {
        var owner = await app.RegisterAsync();
        var client = app.CreateClient("de");
        client.DefaultRequestHeaders.Authorization = owner.Client.DefaultRequestHeaders.Authorization;
        var profile = Profile();
        profile["postalCode"] = "6031";

        var errors = await (await client.PostAsJsonAsync("/api/v1/associations", profile)).ValidationErrorsAsync();

        Assert.Equal(["Eine deutsche Postleitzahl hat fünf Ziffern."], errors["postalCode"]);
    }

    [Fact]
    public async Task Update_with_the_current_etag_returns_a_new_etag_and_a_stale_etag_412_without_change()
    {
        var owner = await app.RegisterAsync();
        var (id, etag) = await CreateAsync(owner, Profile());

        var updated = await PatchAsync(owner, id, new { city = "Offenbach am Main", postalCode = "63065" }, etag);
        var stale = await PatchAsync(owner, id, new { name = "Veralteter Name" }, etag);

        var body = await updated.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Offenbach am Main", body.GetProperty("city").GetString());
        Assert.NotEqual(etag, updated.Headers.ETag?.Tag);
        var problem = await stale.JsonAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal("urn:resourceshare:problem:precondition-failed", problem.GetProperty("type").GetString());
        var current = await owner.Client.GetAsync($"/api/v1/associations/{id}");
        var now = await current.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(body.GetProperty("name").GetString(), now.GetProperty("name").GetString());
        Assert.Equal("63065", now.GetProperty("postalCode").GetString());
        Assert.Equal(updated.Headers.ETag?.Tag, current.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Empty_string_clears_optional_fields_and_fields_left_out_stay()
    {
        var owner = await app.RegisterAsync();
        var profile = Profile();
        var (id, etag) = await CreateAsync(owner, profile);

        var response = await PatchAsync(owner, id, new { registerCourt = "", registerNumber = "", website = "", contactEmail = "", description = "" }, etag);

        var body = await response.JsonAsync(HttpStatusCode.OK);
        foreach (var field in new[] { "registerEntry", "website", "contactEmail" })
        {
            Assert.Equal(JsonValueKind.Null, body.GetProperty(field).ValueKind);
        }

        Assert.Equal("", body.GetProperty("description").GetString());
        Assert.Equal(profile["name"], body.GetProperty("name").GetString());
        Assert.Equal(["de", "ti", "prs", "tw"], Strings(body.GetProperty("languages")));
        Assert.Equal("60311", body.GetProperty("postalCode").GetString());
    }

    [Fact]
    public async Task Update_cannot_empty_a_required_field_or_change_half_a_register_entry()
    {
        var owner = await app.RegisterAsync();
        var (id, etag) = await CreateAsync(owner, Profile());

        var emptied = await PatchAsync(owner, id, new { name = "", legalForm = " ", postalCode = "", city = "" }, etag);
        var half = await PatchAsync(owner, id, new { registerNumber = "VR 999" }, etag);

        Assert.Equal(["city", "legalForm", "name", "postalCode"], (await emptied.ValidationErrorsAsync()).Keys.Order());
        Assert.Equal(["registerNumber"], (await half.ValidationErrorsAsync()).Keys);
        Assert.Equal(etag, (await owner.Client.GetAsync($"/api/v1/associations/{id}")).Headers.ETag?.Tag);
    }
}
