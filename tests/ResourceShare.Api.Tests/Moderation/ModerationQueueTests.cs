using System.Net;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Moderation;

/// <summary>The queue: one entry per target, oldest first, with content, reports and history; filters and cursor.</summary>
public sealed class ModerationQueueTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private static Task<List<System.Text.Json.JsonElement>> QueueAsync(TestUser moderator, string query = "") =>
        moderator.AllPagesAsync("/api/v1/admin/moderation/queue?" + query.TrimStart('&'));

    [Fact]
    public async Task Lists_pending_listings_and_reported_targets_oldest_first_with_content_reports_and_history()
    {
        var (owner, associationId) = await app.MemberWithAssociationAsync();
        var pending = (await app.PublishListingAsync(owner, associationId)).Id();
        var (_, _, reported) = await app.PublishedListingAsync();
        var (firstReporter, firstReporterAssociation) = await app.ReportFromNewAssociationAsync(reported, "fraud");
        await app.ReportFromNewAssociationAsync(reported, "spam");
        var (_, reportedAssociation) = await app.MemberWithAssociationAsync();
        await (await firstReporter.ReportAssociationAsync(reportedAssociation, "fraud")).JsonAsync(HttpStatusCode.Created);
        var moderator = await app.SignInWithRoleAsync("moderator");
        await moderator.DecideAsync($"listings/{reported}/remove", new { reason = "alt" });
        await moderator.DecideAsync($"listings/{reported}/restore");
        await app.ReportFromNewAssociationAsync(reported, "spam");
        await app.ReportFromNewAssociationAsync(reported, "fraud");

        var queue = await QueueAsync(moderator);

        var ids = queue.Select(e => e.GetProperty("targetId").GetGuid()).ToList();
        Assert.Equal(new[] { pending, reportedAssociation, reported }, ids.Where(new[] { pending, reported, reportedAssociation }.Contains));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var since = queue.Select(e => e.GetProperty("since").GetDateTimeOffset()).ToList();
        Assert.Equal(since.Order(), since);

        var listingEntry = queue.Single(e => e.GetProperty("targetId").GetGuid() == reported);
        Assert.Equal("listing", listingEntry.Str("targetType"));
        Assert.Equal("published", listingEntry.GetProperty("listing").Str("status"));
        Assert.Equal(new[] { "spam", "fraud" }, listingEntry.GetProperty("reports").EnumerateArray().Select(r => r.Str("reason")));
        Assert.Equal(new[] { "listing.removed", "listing.restored" }, listingEntry.GetProperty("history").EnumerateArray().Select(h => h.Str("action")));
        var associationEntry = queue.Single(e => e.GetProperty("targetId").GetGuid() == reportedAssociation);
        Assert.Equal(ModerationSteps.RegisterNumber, associationEntry.GetProperty("association").Str("registerNumber"));
        Assert.Equal(firstReporterAssociation, Assert.Single(associationEntry.GetProperty("reports").EnumerateArray()).GetProperty("reporterAssociationId").GetGuid());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, queue.Single(e => e.GetProperty("targetId").GetGuid() == pending).GetProperty("association").ValueKind);
    }

    [Fact]
    public async Task Filters_by_kind_and_reason()
    {
        var (owner, associationId) = await app.MemberWithAssociationAsync();
        var pending = (await app.PublishListingAsync(owner, associationId)).Id();
        var (_, _, reported) = await app.PublishedListingAsync();
        var (reporter, _) = await app.ReportFromNewAssociationAsync(reported, "personal_data");
        var (_, reportedAssociation) = await app.MemberWithAssociationAsync();
        await reporter.ReportAssociationAsync(reportedAssociation, "fraud");
        var moderator = await app.SignInWithRoleAsync("moderator");

        var listings = (await QueueAsync(moderator, "&kind=listing")).Select(e => e.GetProperty("targetId").GetGuid()).ToList();
        var associations = (await QueueAsync(moderator, "&kind=association")).Select(e => e.GetProperty("targetId").GetGuid()).ToList();
        var personalData = (await QueueAsync(moderator, "&reason=personal_data")).Select(e => e.GetProperty("targetId").GetGuid()).ToList();

        Assert.Contains(pending, listings);
        Assert.Contains(reported, listings);
        Assert.DoesNotContain(reportedAssociation, listings);
        Assert.Contains(reportedAssociation, associations);
        Assert.DoesNotContain(reported, associations);
        Assert.Contains(reported, personalData);
        Assert.DoesNotContain(pending, personalData);
        Assert.DoesNotContain(reportedAssociation, personalData);
        await ProblemAssert.ValidationAsync(await moderator.Client.GetAsync("/api/v1/admin/moderation/queue?kind=user"), "kind");
        await ProblemAssert.ValidationAsync(await moderator.Client.GetAsync("/api/v1/admin/moderation/queue?cursor=abc"), "cursor");
    }
}
