using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Domain.SavedSearches;
using static ResourceShare.Api.Tests.SavedSearches.SavedSearching;

namespace ResourceShare.Api.Tests.SavedSearches;

public sealed class SavedSearchAccessTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    [Fact]
    public async Task Member_saves_reads_changes_and_deletes_a_search_with_the_filters_as_given()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var member = await app.AddMemberAsync(owner, associationId, "member");

        var saved = await SaveAsync(member, associationId, Body("Beamer", rhythm: "weekly",
            filters: new { kind = "offer", category = "equipment", q = "Beamer", near = "Frankfurt am Main", radiusKm = 10, freeOnly = true }));

        Assert.True(saved.GetProperty("mine").GetBoolean());
        Assert.Equal("weekly", saved.Str("rhythm"));
        Assert.Equal("email", saved.Str("channel"));
        var filters = saved.GetProperty("filters");
        Assert.Equal("equipment", filters.Str("category"));
        Assert.Equal("Frankfurt am Main", filters.Str("near"));
        Assert.Equal(10, filters.GetProperty("radiusKm").GetDouble());
        var due = saved.GetProperty("nextDueAt").GetDateTimeOffset();
        Assert.InRange(due - DateTimeOffset.UtcNow, TimeSpan.FromDays(6.9), TimeSpan.FromDays(7.1));

        var path = $"{Path(associationId)}/{saved.Id()}";
        var read = await member.Client.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal("Räume", read.Str("name"));

        var put = await member.Client.PutAsJsonAsync(path, Body("Beamer", rhythm: "immediately", name: "Beamer sofort"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var changed = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Beamer sofort", changed.Str("name"));
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("nextDueAt").ValueKind);
        Assert.False(changed.GetProperty("filters").TryGetProperty("category", out var category) && category.ValueKind != JsonValueKind.Null);

        var list = await member.Client.GetFromJsonAsync<JsonElement>(Path(associationId));
        Assert.Equal([saved.Id()], list.GetProperty("items").EnumerateArray().Select(i => i.Id()));

        Assert.Equal(HttpStatusCode.NoContent, (await member.Client.DeleteAsync(path)).StatusCode);
        await ProblemAssert.IsAsync(await member.Client.GetAsync(path), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Member_keeps_at_most_the_limit_of_searches_and_deleting_one_frees_a_place()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var member = await app.AddMemberAsync(owner, associationId, "member");
        var saved = new List<Guid>();
        for (var i = 0; i < SavedSearchRules.MaxPerMember; i++)
        {
            saved.Add((await SaveAsync(member, associationId, Body("Obergrenze", name: $"Suche {i}"))).Id());
        }

        var refused = await ProblemAssert.IsAsync(
            await member.Client.PostAsJsonAsync(Path(associationId), Body("Obergrenze")), HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.Equal(SavedSearchRules.MaxPerMember, refused.GetProperty("limit").GetInt32());
        Assert.Equal(SavedSearchRules.MaxPerMember, (await member.Client.GetFromJsonAsync<JsonElement>(Path(associationId))).GetProperty("items").GetArrayLength());

        await SaveAsync(owner, associationId, Body("Obergrenze"));
        Assert.Equal(HttpStatusCode.NoContent, (await member.Client.DeleteAsync($"{Path(associationId)}/{saved[0]}")).StatusCode);
        await SaveAsync(member, associationId, Body("Obergrenze"));
    }

    [Fact]
    public async Task Parallel_saves_at_the_limit_keep_exactly_the_limit()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        for (var i = 0; i < SavedSearchRules.MaxPerMember - 1; i++)
        {
            await SaveAsync(owner, associationId, Body("Gleichzeitig", name: $"Suche {i}"));
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => owner.Client.PostAsJsonAsync(Path(associationId), Body("Gleichzeitig"))));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(SavedSearchRules.MaxPerMember, (await owner.Client.GetFromJsonAsync<JsonElement>(Path(associationId))).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Email_search_is_its_members_alone_and_webhook_search_is_also_its_managers()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var coordinator = await app.AddMemberAsync(owner, associationId, "coordinator");
        var member = await app.AddMemberAsync(owner, associationId, "member");
        var other = await app.AddMemberAsync(owner, associationId, "member");
        var mailed = await SaveAsync(member, associationId, Body("Saal"));
        var hooked = await SaveAsync(coordinator, associationId, Body("Saal", channel: "webhook"));
        var mailedPath = $"{Path(associationId)}/{mailed.Id()}";
        var hookedPath = $"{Path(associationId)}/{hooked.Id()}";

        foreach (var stranger in new[] { owner, other })
        {
            await ProblemAssert.IsAsync(await stranger.Client.GetAsync(mailedPath), HttpStatusCode.NotFound);
            await ProblemAssert.IsAsync(await stranger.Client.PutAsJsonAsync(mailedPath, Body("Saal")), HttpStatusCode.NotFound);
            await ProblemAssert.IsAsync(await stranger.Client.DeleteAsync(mailedPath), HttpStatusCode.NotFound);
        }

        await ProblemAssert.IsAsync(await other.Client.GetAsync(hookedPath), HttpStatusCode.NotFound);
        Assert.Empty((await other.Client.GetFromJsonAsync<JsonElement>(Path(associationId))).GetProperty("items").EnumerateArray());
        var ownersList = (await owner.Client.GetFromJsonAsync<JsonElement>(Path(associationId))).GetProperty("items").EnumerateArray().ToList();
        var seen = Assert.Single(ownersList);
        Assert.Equal(hooked.Id(), seen.Id());
        Assert.False(seen.GetProperty("mine").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client.DeleteAsync(hookedPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.Client.GetAsync(mailedPath)).StatusCode);
    }

    [Fact]
    public async Task Webhook_search_needs_an_owner_or_coordinator()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var member = await app.AddMemberAsync(owner, associationId, "member");
        var mailed = await SaveAsync(member, associationId, Body("Saal"));

        await ProblemAssert.IsAsync(await member.Client.PostAsJsonAsync(Path(associationId), Body("Saal", channel: "webhook")), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(
            await member.Client.PutAsJsonAsync($"{Path(associationId)}/{mailed.Id()}", Body("Saal", channel: "webhook")), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Outsiders_api_keys_and_anonymous_callers_are_refused()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var outsider = await app.RegisterAsync("outsider");
        var key = await app.CreateApiKeyAsync(owner, associationId, "listings:read", "listings:write", "matches:write", "webhooks:write");

        await ProblemAssert.IsAsync(await outsider.Client.GetAsync(Path(associationId)), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(await outsider.Client.PostAsJsonAsync(Path(associationId), Body("Saal")), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(await outsider.Client.GetAsync(Path(Guid.NewGuid())), HttpStatusCode.NotFound);
        await ProblemAssert.IsAsync(await app.CreateClientWithApiKey(key).GetAsync(Path(associationId)), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(await app.CreateClient().GetAsync(Path(associationId)), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("""{"filters": {"q": "Saal"}, "channel": "email", "rhythm": "daily"}""", "name")]
    [InlineData("""{"name": "Saal", "channel": "email", "rhythm": "daily"}""", "filters")]
    [InlineData("""{"name": "Saal", "filters": {}, "channel": "sms", "rhythm": "daily"}""", "channel")]
    [InlineData("""{"name": "Saal", "filters": {}, "channel": "email", "rhythm": "hourly"}""", "rhythm")]
    [InlineData("""{"name": "Saal", "filters": {"kind": "gift"}, "channel": "email", "rhythm": "daily"}""", "filters.kind")]
    [InlineData("""{"name": "Saal", "filters": {"lat": 50.1}, "channel": "email", "rhythm": "daily"}""", "filters.lon")]
    [InlineData("""{"name": "Saal", "filters": {"sort": "newest"}, "channel": "email", "rhythm": "daily"}""", "filters.sort")]
    [InlineData("""{"name": "Saal", "filters": {"limit": 5}, "channel": "email", "rhythm": "daily"}""", "filters.limit")]
    [InlineData("""{"name": "Saal", "filters": {"language": "de"}, "channel": "email", "rhythm": "daily"}""", "filters.language")]
    [InlineData("""{"name": "Saal", "filters": {"near": "Atlantis an der Lahn"}, "channel": "email", "rhythm": "daily"}""", "filters.near")]
    public async Task Bad_search_is_a_validation_problem_naming_the_field(string body, string field)
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);

        var response = await owner.Client.PostAsync(Path(associationId), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.ValidationAsync(response, field);
        Assert.Empty((await owner.Client.GetFromJsonAsync<JsonElement>(Path(associationId))).GetProperty("items").EnumerateArray());
    }
}
