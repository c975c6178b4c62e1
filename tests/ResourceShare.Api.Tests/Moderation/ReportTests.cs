using System.Net;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Moderation;

/// <summary>Who may report what, once; the per-member limit; and listings hidden by reports from three associations.</summary>
public sealed class ReportTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    [Fact]
    public async Task A_member_reports_a_listing_for_their_association()
    {
        var (_, _, listingId) = await app.PublishedListingAsync();
        var (reporter, associationId) = await app.MemberWithAssociationAsync();

        var report = await (await reporter.ReportListingAsync(listingId, "personal_data", comment: "  Telefonnummer im Text  "))
            .JsonAsync(HttpStatusCode.Created);

        Assert.Equal("listing", report.Str("targetType"));
        Assert.Equal(listingId, report.GetProperty("targetId").GetGuid());
        Assert.Equal(associationId, report.GetProperty("associationId").GetGuid());
        Assert.Equal("personal_data", report.Str("reason"));
        Assert.Equal("Telefonnummer im Text", report.Str("comment"));
    }

    [Fact]
    public async Task A_second_open_report_on_the_same_target_is_a_conflict()
    {
        var (_, _, listingId) = await app.PublishedListingAsync();
        var (reporter, _) = await app.ReportFromNewAssociationAsync(listingId);

        await ProblemAssert.IsAsync(await reporter.ReportListingAsync(listingId, "fraud"), HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task An_association_can_be_reported_once_per_member()
    {
        var (_, targetId) = await app.MemberWithAssociationAsync();
        var (reporter, _) = await app.MemberWithAssociationAsync();

        var report = await (await reporter.ReportAssociationAsync(targetId)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("association", report.Str("targetType"));
        await ProblemAssert.IsAsync(await reporter.ReportAssociationAsync(targetId, "spam"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Reporting_for_an_association_one_does_not_belong_to_is_forbidden()
    {
        var (_, _, listingId) = await app.PublishedListingAsync();
        var (reporter, _) = await app.MemberWithAssociationAsync();
        var (_, otherAssociationId) = await app.MemberWithAssociationAsync();

        await ProblemAssert.IsAsync(await reporter.ReportListingAsync(listingId, associationId: otherAssociationId), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_member_of_no_association_or_of_several_must_name_one()
    {
        var (_, _, listingId) = await app.PublishedListingAsync();
        var loner = await app.RegisterAsync();
        var (busy, _) = await app.MemberWithAssociationAsync();
        await app.CreateAssociationAsync(busy);

        await ProblemAssert.ValidationAsync(await loner.ReportListingAsync(listingId), "associationId");
        await ProblemAssert.ValidationAsync(await busy.ReportListingAsync(listingId), "associationId");
    }

    [Fact]
    public async Task Nobody_reports_their_own_association_or_its_listings()
    {
        var (owner, associationId, listingId) = await app.PublishedListingAsync();

        await ProblemAssert.IsAsync(await owner.ReportListingAsync(listingId), HttpStatusCode.UnprocessableEntity);
        await ProblemAssert.IsAsync(await owner.ReportAssociationAsync(associationId), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_listing_the_reporter_cannot_see_is_not_found()
    {
        var (owner, associationId) = await app.MemberWithAssociationAsync();
        var draft = await app.CreateListingAsync(owner, associationId);
        var (reporter, _) = await app.MemberWithAssociationAsync();

        await ProblemAssert.IsAsync(await reporter.ReportListingAsync(draft.Id()), HttpStatusCode.NotFound);
        await ProblemAssert.IsAsync(await reporter.ReportListingAsync(Guid.NewGuid()), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reason_is_required_and_from_the_list_and_the_comment_is_limited()
    {
        var (_, _, listingId) = await app.PublishedListingAsync();
        var (reporter, _) = await app.MemberWithAssociationAsync();

        await ProblemAssert.ValidationAsync(await reporter.ReportListingAsync(listingId, reason: null!), "reason");
        await ProblemAssert.IsAsync(await reporter.ReportListingAsync(listingId, reason: "boring"), HttpStatusCode.BadRequest);
        await ProblemAssert.ValidationAsync(await reporter.ReportListingAsync(listingId, comment: new string('x', 1001)), "comment");
        await (await reporter.ReportListingAsync(listingId, comment: new string('x', 1000))).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task API_keys_and_anonymous_callers_cannot_report()
    {
        var (owner, associationId, listingId) = await app.PublishedListingAsync();
        var key = await app.CreateApiKeyAsync(owner, associationId, "listings:write");
        using var keyClient = app.CreateClientWithApiKey(key);
        using var anonymous = app.CreateClient();

        await ProblemAssert.IsAsync(await keyClient.PostAsync($"/api/v1/associations/{Guid.NewGuid()}/reports", null), HttpStatusCode.Forbidden);
        await ProblemAssert.IsAsync(await anonymous.PostAsync($"/api/v1/listings/{listingId}/reports", null), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reports_are_limited_per_member()
    {
        using var limited = app.WithSettings(("Moderation:ReportsPerHour", "2"));
        var (reporter, _) = await app.MemberWithAssociationAsync();
        using var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = reporter.Client.DefaultRequestHeaders.Authorization;
        var limitedReporter = reporter with { Client = client };
        var (_, other) = await app.MemberWithAssociationAsync();

        for (var i = 0; i < 2; i++)
        {
            var (_, _, listingId) = await app.PublishedListingAsync();
            await (await limitedReporter.ReportListingAsync(listingId)).JsonAsync(HttpStatusCode.Created);
        }

        var refused = await limitedReporter.ReportAssociationAsync(other);
        await ProblemAssert.IsAsync(refused, HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.True(int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task Reports_from_three_distinct_associations_hide_a_listing_from_search_and_strangers()
    {
        var (owner, ownerAssociationId, listingId) = await app.PublishedListingAsync();
        var (firstReporter, firstAssociationId) = await app.ReportFromNewAssociationAsync(listingId);
        // A second member of the same association adds a report, but not a second association.
        var colleague = await app.AddMemberAsync(firstReporter, firstAssociationId, "member");
        await (await colleague.ReportListingAsync(listingId)).JsonAsync(HttpStatusCode.Created);
        await app.ReportFromNewAssociationAsync(listingId);

        Assert.True(await app.InSearchAsync(ownerAssociationId, listingId));
        Assert.Equal(HttpStatusCode.OK, await app.StrangerGetsAsync(listingId));

        await app.ReportFromNewAssociationAsync(listingId, "discriminatory");

        Assert.False(await app.InSearchAsync(ownerAssociationId, listingId));
        Assert.Equal(HttpStatusCode.NotFound, await app.StrangerGetsAsync(listingId));
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.Client.GetAsync($"/api/v1/listings/{listingId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync($"/api/v1/listings/{listingId}")).StatusCode);
        var moderator = await app.SignInWithRoleAsync("moderator");
        Assert.Equal(HttpStatusCode.OK, (await moderator.Client.GetAsync($"/api/v1/listings/{listingId}")).StatusCode);
    }

    [Fact]
    public async Task Concurrent_reports_from_three_associations_hide_the_listing()
    {
        var (_, ownerAssociationId, listingId) = await app.PublishedListingAsync();
        var reporters = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            reporters.Add((await app.MemberWithAssociationAsync()).Owner);
        }

        var responses = await Task.WhenAll(reporters.Select(r => r.ReportListingAsync(listingId)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.False(await app.InSearchAsync(ownerAssociationId, listingId));
    }
}
