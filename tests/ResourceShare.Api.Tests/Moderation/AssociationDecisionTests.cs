using System.Net;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Moderation;

/// <summary>Verifying, suspending and reinstating associations, and what a suspension stops.</summary>
public sealed class AssociationDecisionTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private static object Register(string court = ModerationSteps.RegisterCourt, string number = ModerationSteps.RegisterNumber) =>
        new { registerCourt = court, registerNumber = number };

    [Fact]
    public async Task Verifying_checks_the_register_entry_and_publishes_later_listings_at_once()
    {
        var (owner, associationId) = await app.MemberWithAssociationAsync();
        var moderator = await app.SignInWithRoleAsync("moderator");

        await ProblemAssert.IsAsync(await moderator.DecideAsync($"associations/{associationId}/verify", Register(number: "VR 54321")), HttpStatusCode.Conflict);
        await ProblemAssert.ValidationAsync(await moderator.DecideAsync($"associations/{associationId}/verify", new { registerCourt = ModerationSteps.RegisterCourt }), "registerNumber");
        var verified = await (await moderator.DecideAsync($"associations/{associationId}/verify", Register("amtsgericht  FRANKFURT am Main", "vr 12345")))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Equal("verified", verified.Str("verificationStatus"));
        Assert.Equal("published", (await app.PublishListingAsync(owner, associationId)).Str("status"));
        var notification = Assert.Single(await app.NotificationsAsync(associationId));
        Assert.Equal("association_verified", notification.Kind);
        Assert.Equal(verified.Str("name"), notification.Json.GetProperty("associationName").GetString());
        var audit = Assert.Single(await app.AuditRowsAsync(associationId));
        Assert.Equal(("association.verified", "Amtsgericht Frankfurt am Main VR 12345"), (audit.Action, audit.Reason));
        await ProblemAssert.IsAsync(await moderator.DecideAsync($"associations/{associationId}/verify", Register()), HttpStatusCode.Conflict, "invalid-transition");
    }

    [Fact]
    public async Task An_association_without_a_register_entry_cannot_be_verified()
    {
        var owner = await app.RegisterAsync();
        var associationId = await app.CreateAssociationAsync(owner);
        var moderator = await app.SignInWithRoleAsync("moderator");

        await ProblemAssert.IsAsync(await moderator.DecideAsync($"associations/{associationId}/verify", Register()), HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Suspending_hides_the_association_and_its_listings_and_stops_its_api_keys_until_reinstated()
    {
        var (owner, associationId) = await app.MemberWithAssociationAsync();
        var moderator = await app.SignInWithRoleAsync("moderator");
        await (await moderator.DecideAsync($"associations/{associationId}/verify", Register())).JsonAsync(HttpStatusCode.OK);
        var listingId = (await app.PublishListingAsync(owner, associationId)).Id();
        var key = await app.CreateApiKeyAsync(owner, associationId, "listings:read");
        using var keyClient = app.CreateClientWithApiKey(key);
        Assert.Equal(HttpStatusCode.OK, (await keyClient.GetAsync($"/api/v1/associations/{associationId}/listings")).StatusCode);
        var (reporter, reporterAssociationId) = await app.MemberWithAssociationAsync();
        await (await reporter.ReportAssociationAsync(associationId)).JsonAsync(HttpStatusCode.Created);

        await ProblemAssert.ValidationAsync(await moderator.DecideAsync($"associations/{associationId}/suspend", new { reason = "" }), "reason");
        var suspended = await (await moderator.DecideAsync($"associations/{associationId}/suspend", new { reason = "Betrugsverdacht" }))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Equal("suspended", suspended.Str("verificationStatus"));
        Assert.False(await app.InSearchAsync(associationId, listingId));
        Assert.Equal(HttpStatusCode.NotFound, await app.StrangerGetsAsync(listingId));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/api/v1/associations/{associationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await keyClient.GetAsync($"/api/v1/associations/{associationId}/listings")).StatusCode);
        var told = (await app.NotificationsAsync(associationId))[^1];
        Assert.Equal(("association_suspended", "Betrugsverdacht"), (told.Kind, told.Json.GetProperty("reason").GetString()));
        Assert.Equal("suspended", Assert.Single(await app.NotificationsAsync(reporterAssociationId)).Json.GetProperty("decision").GetString());

        var reinstated = await (await moderator.DecideAsync($"associations/{associationId}/reinstate")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("verified", reinstated.Str("verificationStatus"));
        Assert.True(await app.InSearchAsync(associationId, listingId));
        Assert.Equal(HttpStatusCode.OK, (await keyClient.GetAsync($"/api/v1/associations/{associationId}/listings")).StatusCode);
        Assert.Equal(
            new[] { "association_verified", "association_suspended", "association_reinstated" },
            (await app.NotificationsAsync(associationId)).Select(n => n.Kind));
        Assert.Equal(
            new[] { "association.verified", "association.suspended", "association.reinstated" },
            (await app.AuditRowsAsync(associationId)).Select(a => a.Action));
    }

    [Fact]
    public async Task A_suspended_association_can_neither_propose_nor_be_proposed_to_until_reinstated()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var moderator = await app.SignInWithRoleAsync("moderator");
        await (await moderator.DecideAsync($"associations/{parties.Requester.AssociationId}/suspend", new { reason = "Betrugsverdacht" }))
            .JsonAsync(HttpStatusCode.OK);

        var bySuspended = await app.PostProposalAsync(parties.Requester.Owner.Client, parties.RequestId, parties.OfferId);
        var toSuspended = await app.PostProposalAsync(parties.Provider.Owner.Client, parties.RequestId, parties.OfferId);

        await ProblemAssert.IsAsync(bySuspended, HttpStatusCode.Forbidden, "association-suspended");
        await ProblemAssert.ValidationAsync(toSuspended, "requestId");
        await (await moderator.DecideAsync($"associations/{parties.Requester.AssociationId}/reinstate")).JsonAsync(HttpStatusCode.OK);
        await (await app.PostProposalAsync(parties.Requester.Owner.Client, parties.RequestId, parties.OfferId)).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_reinstated_association_that_was_never_verified_is_unverified_again()
    {
        var (_, associationId) = await app.MemberWithAssociationAsync();
        var moderator = await app.SignInWithRoleAsync("admin");

        await (await moderator.DecideAsync($"associations/{associationId}/suspend", new { reason = "Spam" })).JsonAsync(HttpStatusCode.OK);
        await ProblemAssert.IsAsync(await moderator.DecideAsync($"associations/{associationId}/suspend", new { reason = "Spam" }), HttpStatusCode.Conflict, "invalid-transition");
        var reinstated = await (await moderator.DecideAsync($"associations/{associationId}/reinstate")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("unverified", reinstated.Str("verificationStatus"));
        await ProblemAssert.IsAsync(await moderator.DecideAsync($"associations/{associationId}/reinstate"), HttpStatusCode.Conflict, "invalid-transition");
    }

    [Fact]
    public async Task Concurrent_suspend_and_verify_on_one_version_one_wins_the_other_gets_412()
    {
        var (owner, associationId) = await app.MemberWithAssociationAsync();
        var etag = (await owner.Client.GetAsync($"/api/v1/associations/{associationId}")).Headers.ETag!.Tag;
        var first = await app.SignInWithRoleAsync("moderator");
        var second = await app.SignInWithRoleAsync("moderator");

        var responses = await Task.WhenAll(
            first.DecideAsync($"associations/{associationId}/verify", Register(), etag),
            second.DecideAsync($"associations/{associationId}/suspend", new { reason = "Spam" }, etag));

        Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.PreconditionFailed }, responses.Select(r => r.StatusCode).Order());
        Assert.Single(await app.AuditRowsAsync(associationId));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await first.DecideAsync($"associations/{associationId}/reinstate", ifMatch: etag)).StatusCode);
    }
}
