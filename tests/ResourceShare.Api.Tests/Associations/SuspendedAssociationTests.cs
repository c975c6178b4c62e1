using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Api.Tests.Moderation;

namespace ResourceShare.Api.Tests.Associations;

/// <summary>
/// What the people of a suspended association may still do: read, wind down and put things right — but start
/// nothing new (403, association-suspended) until a moderator reinstates it.
/// </summary>
public sealed class SuspendedAssociationTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private const string Reason = "Angaben zum Vereinsregister widersprüchlich";

    [Fact]
    public async Task Its_owner_can_start_nothing_new_and_is_told_the_association_is_suspended()
    {
        var (suspended, other) = (await app.CreateMatchPartnerAsync(), await app.CreateMatchPartnerAsync());
        var owner = suspended.Manager.Client;
        var draft = await app.CreateListingAsync(suspended.Manager, suspended.AssociationId);
        var paused = await app.PublishListingAsync(suspended.Manager, suspended.AssociationId);
        await PostAsync(owner, $"/api/v1/listings/{paused.Id()}/pause");
        var request = await app.PublishListingAsync(suspended.Manager, suspended.AssociationId, kind: "request");
        var offer = await app.PublishListingAsync(other.Manager, other.AssociationId);
        var incoming = await app.ProposeAsync(other.Manager, request.Id(), offer.Id());
        var completed = await app.ArrangeCompletedMatchAsync(suspended, other);
        await SuspendAsync(suspended.AssociationId);

        var refused = new Dictionary<string, HttpResponseMessage>
        {
            ["draft"] = await owner.PostAsJsonAsync("/api/v1/listings", ListingBodies.Valid(suspended.AssociationId, "room", "offer")),
            ["api key"] = await owner.PostAsJsonAsync($"/api/v1/associations/{suspended.AssociationId}/api-keys", new { name = "neu", scopes = new[] { "listings:read" } }),
            ["publish"] = await PostAsync(owner, $"/api/v1/listings/{draft.Id()}/publish"),
            ["resume"] = await PostAsync(owner, $"/api/v1/listings/{paused.Id()}/resume"),
            ["proposal"] = await app.PostProposalAsync(owner, request.Id(), offer.Id()),
            ["accept"] = await ResourceShareApp.PostMoveAsync(owner, incoming.Id(), "accept"),
            ["feedback"] = await owner.PostAsJsonAsync($"/api/v1/matches/{completed}/feedback", new { rating = 5 }),
            ["report on a listing"] = await suspended.Manager.ReportListingAsync(offer.Id(), associationId: suspended.AssociationId),
            ["report on an association"] = await owner.PostAsJsonAsync(
                $"/api/v1/associations/{other.AssociationId}/reports", new { reason = "spam", associationId = suspended.AssociationId }),
        };

        foreach (var (action, response) in refused)
        {
            var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Forbidden, "association-suspended");
            Assert.True(problem.Str("detail").Contains("suspended", StringComparison.Ordinal), $"{action}: {problem}");
        }

        Assert.Equal("draft", (await GetAsync(owner, $"/api/v1/listings/{draft.Id()}")).Str("status"));
        Assert.Equal("paused", (await GetAsync(owner, $"/api/v1/listings/{paused.Id()}")).Str("status"));
        Assert.Equal("proposed", (await GetAsync(owner, $"/api/v1/matches/{incoming.Id()}")).Str("status"));
        Assert.Equal(0, await app.QueryScalarAsync<long>("SELECT count(*) FROM feedback WHERE match_id = @id", completed));
    }

    [Fact]
    public async Task Its_people_can_still_read_the_reason_wind_down_and_put_things_right()
    {
        var (suspended, other) = (await app.CreateMatchPartnerAsync(), await app.CreateMatchPartnerAsync());
        var owner = suspended.Manager.Client;
        var association = $"/api/v1/associations/{suspended.AssociationId}";
        var draft = await app.CreateListingAsync(suspended.Manager, suspended.AssociationId);
        var published = await app.PublishListingAsync(suspended.Manager, suspended.AssociationId);
        var key = await (await owner.PostAsJsonAsync($"{association}/api-keys", new { name = "alt", scopes = new[] { "listings:read" } }))
            .JsonAsync(HttpStatusCode.Created);
        var leaving = await app.AddMemberAsync(suspended.Manager, suspended.AssociationId, "member");
        var newcomer = await app.RegisterAsync("newcomer");
        var incoming = await app.ArrangeMatchAsync(other, suspended, "proposed");
        var ownProposal = await app.ArrangeMatchAsync(suspended, other, "proposed");
        var accepted = await app.ArrangeMatchAsync(suspended, other, "accepted");
        await SuspendAsync(suspended.AssociationId);

        var inbox = await ResourceShareApp.InboxAsync(owner, suspended.AssociationId);
        Assert.Contains(inbox, n => n.Str("kind") == "association_suspended" && n.GetProperty("data").GetProperty("reason").GetString() == Reason);
        var allowed = new Dictionary<string, (HttpResponseMessage Response, HttpStatusCode Expected)>
        {
            ["profile"] = (await owner.GetAsync(association), HttpStatusCode.OK),
            ["edit profile"] = (await owner.PatchAsJsonAsync(association, new { description = "Registerauszug liegt bei." }), HttpStatusCode.OK),
            ["listings"] = (await owner.GetAsync($"{association}/listings"), HttpStatusCode.OK),
            ["edit listing"] = (await owner.PatchAsJsonAsync($"/api/v1/listings/{draft.Id()}", new { title = "Neuer Titel" }), HttpStatusCode.OK),
            ["delete draft"] = (await owner.DeleteAsync($"/api/v1/listings/{draft.Id()}"), HttpStatusCode.NoContent),
            ["pause"] = (await PostAsync(owner, $"/api/v1/listings/{published.Id()}/pause"), HttpStatusCode.OK),
            ["close"] = (await owner.PostAsJsonAsync($"/api/v1/listings/{published.Id()}/close", new { reason = "withdrawn" }), HttpStatusCode.OK),
            ["revoke key"] = (await owner.DeleteAsync($"{association}/api-keys/{key.Id()}"), HttpStatusCode.NoContent),
            ["add member"] = (await owner.PostAsJsonAsync($"{association}/members", new { email = newcomer.Email, role = "owner" }), HttpStatusCode.Created),
            ["remove member"] = (await owner.DeleteAsync($"{association}/members/{leaving.Id}"), HttpStatusCode.NoContent),
            ["decline"] = (await ResourceShareApp.PostMoveAsync(owner, incoming, "decline", new { reason = "Wir sind gesperrt." }), HttpStatusCode.OK),
            ["withdraw"] = (await ResourceShareApp.PostMoveAsync(owner, ownProposal, "withdraw"), HttpStatusCode.OK),
            ["message"] = (await owner.PostAsJsonAsync($"/api/v1/matches/{accepted}/messages", new { body = "Der Termin fällt leider aus." }), HttpStatusCode.Created),
            ["cancel"] = (await ResourceShareApp.PostMoveAsync(owner, accepted, "cancel", new { reason = "Verein gesperrt" }), HttpStatusCode.OK),
            ["read notifications"] = (await owner.PostAsync($"{association}/notifications/read-all", null), HttpStatusCode.NoContent),
        };

        foreach (var (action, (response, expected)) in allowed)
        {
            Assert.True(response.StatusCode == expected, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task SuspendAsync(Guid associationId)
    {
        var moderator = await app.SignInWithRoleAsync("moderator");
        await (await moderator.DecideAsync($"associations/{associationId}/suspend", new { reason = Reason })).JsonAsync(HttpStatusCode.OK);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path) => client.PostAsync(path, null);

    private static async Task<JsonElement> GetAsync(HttpClient client, string path) => await (await client.GetAsync(path)).JsonAsync(HttpStatusCode.OK);
}
