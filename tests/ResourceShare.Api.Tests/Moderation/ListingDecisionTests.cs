using System.Net;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Moderation;

/// <summary>Moderators' decisions on listings and what follows from each: status, visibility, notifications, reports, audit.</summary>
public sealed class ListingDecisionTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private async Task<(TestUser Owner, Guid AssociationId, Guid ListingId)> PendingReviewAsync()
    {
        var (owner, associationId) = await app.MemberWithAssociationAsync();
        var listing = await app.PublishListingAsync(owner, associationId);
        Assert.Equal("pending_review", listing.Str("status"));
        return (owner, associationId, listing.Id());
    }

    [Fact]
    public async Task Approving_publishes_a_listing_under_review_and_tells_its_association()
    {
        var (_, associationId, listingId) = await PendingReviewAsync();
        var moderator = await app.SignInWithRoleAsync("moderator");
        Assert.False(await app.InSearchAsync(associationId, listingId));

        var approved = await (await moderator.DecideAsync($"listings/{listingId}/approve")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("published", approved.Str("status"));
        Assert.True(await app.InSearchAsync(associationId, listingId));
        var notification = Assert.Single(await app.NotificationsAsync(associationId));
        Assert.Equal(("listing_approved", (Guid?)listingId), (notification.Kind, notification.ListingId));
        Assert.Equal(approved.Str("title"), notification.Json.GetProperty("listingTitle").GetString());
        var audit = Assert.Single(await app.AuditRowsAsync(listingId));
        Assert.Equal((moderator.Id, "user", "listing.approved", "listing"), (audit.ActorId, audit.ActorKind, audit.Action, audit.TargetType));
        Assert.False(string.IsNullOrEmpty(audit.TraceId));
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_which_the_association_is_told()
    {
        var (owner, associationId, listingId) = await PendingReviewAsync();
        var moderator = await app.SignInWithRoleAsync("moderator");

        await ProblemAssert.ValidationAsync(await moderator.DecideAsync($"listings/{listingId}/reject", new { reason = " " }), "reason");
        await ProblemAssert.ValidationAsync(await moderator.DecideAsync($"listings/{listingId}/reject", new { reason = new string('x', 501) }), "reason");
        var rejected = await (await moderator.DecideAsync($"listings/{listingId}/reject", new { reason = "Gewerbliches Angebot" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("rejected", rejected.Str("status"));
        var notification = Assert.Single(await app.NotificationsAsync(associationId));
        Assert.Equal("listing_rejected", notification.Kind);
        Assert.Equal("Gewerbliches Angebot", notification.Json.GetProperty("reason").GetString());
        Assert.Equal("Gewerbliches Angebot", Assert.Single(await app.AuditRowsAsync(listingId)).Reason);
        Assert.Equal("rejected", (await (await owner.Client.GetAsync($"/api/v1/listings/{listingId}")).JsonAsync(HttpStatusCode.OK)).Str("status"));
    }

    [Fact]
    public async Task Removing_takes_a_listing_out_of_search_and_restoring_brings_it_back()
    {
        var (_, associationId, listingId) = await app.PublishedListingAsync();
        var moderator = await app.SignInWithRoleAsync("moderator");

        var removed = await (await moderator.DecideAsync($"listings/{listingId}/remove", new { reason = "Betrug" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("removed", removed.Str("status"));
        Assert.False(await app.InSearchAsync(associationId, listingId));
        Assert.Equal(HttpStatusCode.NotFound, await app.StrangerGetsAsync(listingId));

        var restored = await (await moderator.DecideAsync($"listings/{listingId}/restore")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("published", restored.Str("status"));
        Assert.True(await app.InSearchAsync(associationId, listingId));
        Assert.Equal(new[] { "listing_removed", "listing_restored" }, (await app.NotificationsAsync(associationId)).Select(n => n.Kind));
        Assert.Equal(new[] { "listing.removed", "listing.restored" }, (await app.AuditRowsAsync(listingId)).Select(a => a.Action));
    }

    [Fact]
    public async Task A_decision_the_status_does_not_allow_is_a_conflict_naming_the_status()
    {
        var (_, _, listingId) = await app.PublishedListingAsync();
        var moderator = await app.SignInWithRoleAsync("moderator");

        foreach (var (path, body) in new (string, object?)[] { ("approve", null), ("restore", null), ("reject", new { reason = "x" }) })
        {
            var problem = await ProblemAssert.IsAsync(
                await moderator.DecideAsync($"listings/{listingId}/{path}", body), HttpStatusCode.Conflict, "invalid-transition");
            Assert.Equal("published", problem.GetProperty("currentStatus").GetString());
        }

        Assert.Empty(await app.AuditRowsAsync(listingId));
        await ProblemAssert.IsAsync(await moderator.DecideAsync($"listings/{Guid.NewGuid()}/approve"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Removing_a_reported_listing_closes_the_reports_and_tells_each_reporting_association_the_outcome_only()
    {
        var (_, ownerAssociationId, listingId) = await app.PublishedListingAsync();
        var (first, firstAssociationId) = await app.ReportFromNewAssociationAsync(listingId, "fraud");
        var colleague = await app.AddMemberAsync(first, firstAssociationId, "member");
        await colleague.ReportListingAsync(listingId, "spam");
        var (_, secondAssociationId) = await app.ReportFromNewAssociationAsync(listingId, "spam");
        var moderator = await app.SignInWithRoleAsync("moderator");

        await (await moderator.DecideAsync($"listings/{listingId}/remove", new { reason = "Kein Vereinsangebot" })).JsonAsync(HttpStatusCode.OK);

        foreach (var reporterAssociation in new[] { firstAssociationId, secondAssociationId })
        {
            var told = Assert.Single(await app.NotificationsAsync(reporterAssociation));
            Assert.Equal(("report_decided", (Guid?)listingId), (told.Kind, told.ListingId));
            Assert.Equal(new[] { "decision", "listingTitle", "targetType" }, told.Json.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal("removed", told.Json.GetProperty("decision").GetString());
            Assert.DoesNotContain(firstAssociationId.ToString(), told.Data);
            Assert.DoesNotContain(secondAssociationId.ToString(), told.Data);
        }

        Assert.Equal("listing_removed", Assert.Single(await app.NotificationsAsync(ownerAssociationId)).Kind);
        var queue = await (await moderator.Client.GetAsync("/api/v1/admin/moderation/queue?limit=100")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(queue.GetProperty("items").EnumerateArray(), e => e.GetProperty("targetId").GetGuid() == listingId);
        // The reports are closed: the same members may report the listing again after it is restored.
        await moderator.DecideAsync($"listings/{listingId}/restore");
        await (await colleague.ReportListingAsync(listingId)).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Approving_a_listing_hidden_by_reports_keeps_it_and_shows_it_again()
    {
        var (_, ownerAssociationId, listingId) = await app.PublishedListingAsync();
        var reporterAssociations = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            reporterAssociations.Add((await app.ReportFromNewAssociationAsync(listingId)).AssociationId);
        }

        Assert.False(await app.InSearchAsync(ownerAssociationId, listingId));
        var moderator = await app.SignInWithRoleAsync("moderator");

        var kept = await (await moderator.DecideAsync($"listings/{listingId}/approve")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("published", kept.Str("status"));
        Assert.True(await app.InSearchAsync(ownerAssociationId, listingId));
        Assert.Equal(HttpStatusCode.OK, await app.StrangerGetsAsync(listingId));
        foreach (var reporterAssociation in reporterAssociations)
        {
            Assert.Equal("approved", Assert.Single(await app.NotificationsAsync(reporterAssociation)).Json.GetProperty("decision").GetString());
        }

        // With the reports dismissed there is nothing left to approve.
        await ProblemAssert.IsAsync(await moderator.DecideAsync($"listings/{listingId}/approve"), HttpStatusCode.Conflict, "invalid-transition");
    }

    [Fact]
    public async Task Two_moderators_deciding_on_the_same_version_one_wins_the_other_gets_412()
    {
        var (_, associationId, listingId) = await PendingReviewAsync();
        var first = await app.SignInWithRoleAsync("moderator");
        var second = await app.SignInWithRoleAsync("moderator");
        var etag = (await first.Client.GetAsync($"/api/v1/listings/{listingId}")).Headers.ETag!.Tag;

        var responses = await Task.WhenAll(
            first.DecideAsync($"listings/{listingId}/approve", ifMatch: etag),
            second.DecideAsync($"listings/{listingId}/reject", new { reason = "Doppelt" }, etag));

        Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.PreconditionFailed }, responses.Select(r => r.StatusCode).Order());
        await ProblemAssert.IsAsync(responses.Single(r => r.StatusCode == HttpStatusCode.PreconditionFailed), HttpStatusCode.PreconditionFailed, "precondition-failed");
        Assert.Single(await app.AuditRowsAsync(listingId));
        Assert.Single(await app.NotificationsAsync(associationId));
        var winner = await responses.Single(r => r.IsSuccessStatusCode).JsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(etag, responses.Single(r => r.IsSuccessStatusCode).Headers.ETag!.Tag);
        Assert.Contains(winner.Str("status"), new[] { "published", "rejected" });
    }
}
