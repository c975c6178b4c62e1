using System.Net;
using System.Text.Json;
using Dapper;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Moderation;

/// <summary>The admins' statistics on a hand-built January 2020, with figures worked out by hand.</summary>
public sealed class StatisticsTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private const string January = "from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z";

    private static DateTime At(int day, int hour = 0) => new(2020, 1, day, hour, 0, 0, DateTimeKind.Utc);

    private async Task<Guid> ListingAsync(TestUser owner, Guid associationId, string category, string kind, string status, DateTime created, DateTime? published = null)
    {
        var id = (await app.CreateListingAsync(owner, associationId, category, kind)).Id();
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.ExecuteAsync(
            "UPDATE listing SET status = @status, created_at = @created, published_at = @published WHERE id = @id",
            new { id, status, created, published });
        return id;
    }

    [Fact]
    public async Task Figures_for_a_period_match_a_hand_built_data_set()
    {
        var (a, aId) = await app.MemberWithAssociationAsync("Frankfurt am Main");
        var (b, bId) = await app.MemberWithAssociationAsync("Kassel");
        var (c, cId) = await app.MemberWithAssociationAsync("Kassel");
        var (d, dId) = await app.MemberWithAssociationAsync("Kassel");
        var (e, eId) = await app.MemberWithAssociationAsync("Darmstadt");

        var offerA = await ListingAsync(a, aId, "room", "offer", "published", At(2), At(2));
        var requestA = await ListingAsync(a, aId, "room", "request", "published", At(3), At(10));
        var requestB = await ListingAsync(b, bId, "equipment", "request", "published", At(4), At(12));
        var offerB = await ListingAsync(b, bId, "room", "offer", "draft", At(5));
        await ListingAsync(c, cId, "other", "offer", "draft", At(6));
        await ListingAsync(d, dId, "room", "offer", "published", At(7), At(7));
        await ListingAsync(e, eId, "room", "offer", "published", new DateTime(2019, 12, 20, 0, 0, 0, DateTimeKind.Utc), At(1));

        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.ExecuteAsync("UPDATE association SET verification_status = 'suspended' WHERE id = @dId", new { dId });
        const string match = """
            INSERT INTO match (id, request_id, offer_id, requester_id, provider_id, proposed_by, status, starts_at, ends_at, created_at, decided_at)
            VALUES (gen_random_uuid(), @Request, @Offer, @Requester, @Provider, @Requester, @Status, @Starts, @Ends, @Created, @Decided)
            """;
        var matches = new[]
        {
            // requestA, published Jan 10 00:00: first accepted at 10:00, after 10 hours.
            new { Request = requestA, Offer = offerB, Requester = aId, Provider = bId, Status = "accepted", Starts = At(20), Ends = At(21), Created = At(10, 6), Decided = (DateTime?)At(10, 10) },
            new { Request = requestA, Offer = offerB, Requester = aId, Provider = bId, Status = "completed", Starts = At(19), Ends = At(20), Created = At(10, 8), Decided = (DateTime?)At(11) },
            // requestB, published Jan 12 00:00: declined, then accepted on Jan 13 00:00, after 24 hours; a third accepted and cancelled.
            new { Request = requestB, Offer = offerA, Requester = bId, Provider = aId, Status = "declined", Starts = At(25), Ends = At(26), Created = At(12, 1), Decided = (DateTime?)At(12, 2) },
            new { Request = requestB, Offer = offerA, Requester = bId, Provider = aId, Status = "accepted", Starts = At(27), Ends = At(28), Created = At(12, 3), Decided = (DateTime?)At(13) },
            new { Request = requestB, Offer = offerA, Requester = bId, Provider = aId, Status = "cancelled", Starts = At(29), Ends = At(30), Created = At(13), Decided = (DateTime?)At(13, 6) },
            // Proposed before the period: not counted.
            new { Request = requestB, Offer = offerA, Requester = bId, Provider = aId, Status = "proposed", Starts = At(29), Ends = At(30), Created = new DateTime(2019, 12, 31, 0, 0, 0, DateTimeKind.Utc), Decided = (DateTime?)null },
        };
        foreach (var m in matches)
        {
            await conn.ExecuteAsync(match, m);
        }

        const string report = """
            INSERT INTO report (id, target_type, target_id, reporter_id, reporter_association_id, reason, status, created_at, decided_at, decision)
            VALUES (gen_random_uuid(), 'listing', @Target, @Reporter, @ReporterAssociation, 'spam', @Status, @Created, @Decided, @Decision)
            """;
        var reports = new[]
        {
            new { Status = "decided", Created = At(5), Decided = (DateTime?)At(5, 2), Decision = (string?)"removed" },
            new { Status = "decided", Created = At(6), Decided = (DateTime?)At(6, 6), Decision = (string?)"approved" },
            new { Status = "decided", Created = At(6, 22), Decided = (DateTime?)At(7, 7), Decision = (string?)"approved" },
            new { Status = "open", Created = At(8), Decided = (DateTime?)null, Decision = (string?)null },
        };
        foreach (var r in reports)
        {
            await conn.ExecuteAsync(report, new { Target = offerA, Reporter = c.Id, ReporterAssociation = cId, r.Status, r.Created, r.Decided, r.Decision });
        }

        var admin = await app.SignInWithRoleAsync("admin");
        var stats = await (await admin.Client.GetAsync("/api/v1/admin/stats?" + January)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(
            new[] { "equipment request published 1", "other offer draft 1", "room offer draft 1", "room offer published 2", "room request published 1" },
            stats.GetProperty("listings").EnumerateArray().Select(l => $"{l.Str("category")} {l.Str("kind")} {l.Str("status")} {l.GetProperty("count").GetInt32()}"));
        var figures = stats.GetProperty("figures");
        Assert.Equal(5, figures.GetProperty("proposals").GetInt32());
        Assert.Equal(3, figures.GetProperty("acceptances").GetInt32());
        Assert.Equal(1, figures.GetProperty("completions").GetInt32());
        Assert.Equal((10 + 24) / 2.0 * 3600, figures.GetProperty("medianSecondsToFirstAcceptedMatch").GetDouble());
        Assert.Equal(1, figures.GetProperty("openReports").GetInt32());
        Assert.Equal(6 * 3600, figures.GetProperty("medianSecondsToDecision").GetDouble());
        Assert.Equal(
            new[] { "Kassel 2", "Frankfurt am Main 1" },
            stats.GetProperty("activeAssociationsByCity").EnumerateArray().Select(x => $"{x.Str("city")} {x.GetProperty("count").GetInt32()}"));

        var december = await (await admin.Client.GetAsync("/api/v1/admin/stats?from=2019-12-01T00:00:00Z&to=2020-01-01T00:00:00Z")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, december.GetProperty("figures").GetProperty("proposals").GetInt32());
        Assert.Equal(JsonValueKind.Null, december.GetProperty("figures").GetProperty("medianSecondsToFirstAcceptedMatch").ValueKind);
        Assert.Equal(new[] { "Darmstadt 1", "Frankfurt am Main 1", "Kassel 1" },
            december.GetProperty("activeAssociationsByCity").EnumerateArray().Select(x => $"{x.Str("city")} {x.GetProperty("count").GetInt32()}"));
    }

    [Fact]
    public async Task The_period_defaults_to_the_last_30_days_and_must_not_be_empty()
    {
        var admin = await app.SignInWithRoleAsync("admin");

        var stats = await (await admin.Client.GetAsync("/api/v1/admin/stats")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(TimeSpan.FromDays(30), stats.GetProperty("to").GetDateTimeOffset() - stats.GetProperty("from").GetDateTimeOffset());
        await ProblemAssert.ValidationAsync(await admin.Client.GetAsync("/api/v1/admin/stats?from=2020-02-01T00:00:00Z&to=2020-01-01T00:00:00Z"), "to");
        await ProblemAssert.ValidationAsync(await admin.Client.GetAsync("/api/v1/admin/stats?from=2099-01-01T00:00:00Z"), "to");
    }
}
