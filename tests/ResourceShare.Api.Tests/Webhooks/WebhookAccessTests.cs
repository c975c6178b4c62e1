using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Domain.Accounts;

namespace ResourceShare.Api.Tests.Webhooks;

/// <summary>Who may see and change an association's webhooks: its owners and coordinators and its keys with webhooks:write, nobody else.</summary>
public sealed class WebhookAccessTests(WebhookApp app) : IClassFixture<WebhookApp>
{
    [Fact]
    public async Task Another_association_can_neither_see_nor_change_the_endpoints()
    {
        var hook = await app.CreateHookAsync();
        var outsider = await app.RegisterAsync("outsider");
        var theirs = await app.CreateAssociationAsync(outsider);
        var body = new { url = app.Receiver.NewUrl(), eventTypes = new[] { "proposal_received" }, enabled = true };

        await ProblemAssert.IsAsync(await outsider.Client.GetAsync($"/api/v1/associations/{hook.AssociationId}/webhooks"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(await outsider.Client.GetAsync(hook.Path), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(await outsider.Client.PutAsJsonAsync(hook.Path, body), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(await outsider.Client.DeleteAsync(hook.Path), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(await outsider.Client.PostAsync($"{hook.Path}/secret", null), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(await outsider.Client.GetAsync($"{hook.Path}/messages"), HttpStatusCode.Forbidden);
        // Under their own association, the endpoint is not there.
        var underTheirs = $"/api/v1/associations/{theirs}/webhooks/{hook.Id}";
        await ProblemAssert.IsAsync(await outsider.Client.GetAsync(underTheirs), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await outsider.Client.PutAsJsonAsync(underTheirs, body), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await outsider.Client.DeleteAsync(underTheirs), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await outsider.Client.GetAsync($"{underTheirs}/messages"), HttpStatusCode.NotFound, "not-found");
        Assert.Empty((await outsider.Client.GetFromJsonAsync<JsonElement>($"/api/v1/associations/{theirs}/webhooks")).GetProperty("items").EnumerateArray());

        var own = await hook.Owner.Client.GetFromJsonAsync<JsonElement>(hook.Path);
        Assert.Equal(hook.Url, own.Str("url"));
    }

    [Fact]
    public async Task Messages_of_another_association_are_not_found_under_its_own_endpoint()
    {
        var victim = await app.CreateHookAsync();
        var other = await app.CreateHookAsync();
        await app.CauseEventAsync(victim.AssociationId);
        var message = await WebhookApp.WaitForMessageAsync(victim, "delivered");

        var path = $"{other.Path}/messages/{message.Str("id")}";
        await ProblemAssert.IsAsync(await other.Owner.Client.GetAsync(path), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await other.Owner.Client.PostAsync($"{path}/replay", null), HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("coordinator", HttpStatusCode.OK)]
    [InlineData("member", HttpStatusCode.Forbidden)]
    public async Task Coordinators_manage_webhooks_and_members_do_not(string role, HttpStatusCode expected)
    {
        var hook = await app.CreateHookAsync();
        var user = await app.AddMemberAsync(hook.Owner, hook.AssociationId, role);

        var response = await user.Client.GetAsync($"/api/v1/associations/{hook.AssociationId}/webhooks");

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData(ApiKeyScope.WebhooksWrite, HttpStatusCode.Created)]
    [InlineData(ApiKeyScope.MatchesWrite, HttpStatusCode.Forbidden)]
    public async Task Api_key_needs_the_webhooks_write_scope(string scope, HttpStatusCode expected)
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        using var key = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(owner, associationId, scope));

        var response = await key.PostAsJsonAsync(
            $"/api/v1/associations/{associationId}/webhooks", new { url = app.Receiver.NewUrl(), eventTypes = new[] { "proposal_received" } });

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_are_refused()
    {
        var hook = await app.CreateHookAsync();
        using var anonymous = app.CreateClient();

        await ProblemAssert.IsAsync(await anonymous.GetAsync(hook.Path), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("""{"url": "ftp://hooks.example.org/x", "eventTypes": ["proposal_received"]}""", "url")]
    [InlineData("""{"url": "https://user:pw@hooks.example.org/x", "eventTypes": ["proposal_received"]}""", "url")]
    [InlineData("""{"url": "hooks.example.org/x", "eventTypes": ["proposal_received"]}""", "url")]
    [InlineData("""{"eventTypes": ["proposal_received"]}""", "url")]
    [InlineData("""{"url": "https://hooks.example.org/x", "eventTypes": []}""", "eventTypes")]
    [InlineData("""{"url": "https://hooks.example.org/x", "eventTypes": ["proposal.received"]}""", "eventTypes[0]")]
    [InlineData("""{"url": "https://hooks.example.org/x", "eventTypes": ["proposal_received", "proposal_received"]}""", "eventTypes")]
    public async Task Invalid_endpoint_is_a_validation_problem_naming_the_field(string json, string field)
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);

        var response = await owner.Client.PostAsync(
            $"/api/v1/associations/{associationId}/webhooks", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.ValidationAsync(response, field);
    }

    [Fact]
    public async Task Owner_changes_and_deletes_an_endpoint()
    {
        var hook = await app.CreateHookAsync();
        var url = app.Receiver.NewUrl();

        var changed = await hook.Owner.Client.PutAsJsonAsync(hook.Path, new { url, eventTypes = new[] { "match_cancelled" }, enabled = false });
        var body = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(url, body.Str("url"));
        Assert.Equal(["match_cancelled"], body.GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.False(body.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.String, body.GetProperty("disabledAt").ValueKind);
        Assert.False(body.TryGetProperty("secret", out _));

        Assert.Equal(HttpStatusCode.NoContent, (await hook.Owner.Client.DeleteAsync(hook.Path)).StatusCode);
        await ProblemAssert.IsAsync(await hook.Owner.Client.GetAsync(hook.Path), HttpStatusCode.NotFound, "not-found");
    }
}
