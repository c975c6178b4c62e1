using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Moderation;

public sealed record NotificationRow(string Kind, Guid? ListingId, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}

public sealed record AuditLogRow(Guid? ActorId, string ActorKind, string Action, string TargetType, Guid TargetId, string? Reason, string? TraceId);

/// <summary>What members and moderators do in the moderation tests, and what the tests read back from the database.</summary>
public static class ModerationSteps
{
    public const string RegisterCourt = "Amtsgericht Frankfurt am Main";
    public const string RegisterNumber = "VR 12345";

    /// <summary>A member who owns an association of their own (unverified, with a register entry).</summary>
    public static async Task<(TestUser Owner, Guid AssociationId)> MemberWithAssociationAsync(this ResourceShareApp app, string city = "Frankfurt am Main")
    {
        var owner = await app.RegisterAsync("owner");
        var response = await owner.Client.PostAsJsonAsync("/api/v1/associations", new
        {
            name = $"Verein {Guid.NewGuid():N}",
            legalForm = "e.V.",
            registerCourt = RegisterCourt,
            registerNumber = RegisterNumber,
            postalCode = "60311",
            city,
            languages = new[] { "de" },
        });
        return (owner, (await response.JsonAsync(HttpStatusCode.Created)).Id());
    }

    /// <summary>A verified association's owner and one of its published listings.</summary>
    public static async Task<(TestUser Owner, Guid AssociationId, Guid ListingId)> PublishedListingAsync(this ResourceShareApp app)
    {
        var (owner, associationId) = await app.MemberWithAssociationAsync();
        await app.SetVerificationStatusAsync(associationId, "verified");
        var listing = await app.PublishListingAsync(owner, associationId);
        return (owner, associationId, listing.Id());
    }

    public static Task<HttpResponseMessage> ReportListingAsync(this TestUser user, Guid listingId, string reason = "spam", Guid? associationId = null, string? comment = null) =>
        user.Client.PostAsJsonAsync($"/api/v1/listings/{listingId}/reports", new { reason, comment, associationId });

    public static Task<HttpResponseMessage> ReportAssociationAsync(this TestUser user, Guid associationId, string reason = "fraud") =>
        user.Client.PostAsJsonAsync($"/api/v1/associations/{associationId}/reports", new { reason });

    /// <summary>A member of a new association of their own reports the listing; returns that association.</summary>
    public static async Task<(TestUser Reporter, Guid AssociationId)> ReportFromNewAssociationAsync(this ResourceShareApp app, Guid listingId, string reason = "spam")
    {
        var (reporter, associationId) = await app.MemberWithAssociationAsync();
        await (await reporter.ReportListingAsync(listingId, reason)).JsonAsync(HttpStatusCode.Created);
        return (reporter, associationId);
    }

    /// <summary>A moderator's decision with If-Match (when given) and a body (when given).</summary>
    public static Task<HttpResponseMessage> DecideAsync(this TestUser moderator, string path, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/" + path) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return moderator.Client.SendAsync(request);
    }

    public static async Task<List<NotificationRow>> NotificationsAsync(this ResourceShareApp app, Guid associationId)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        return (await conn.QueryAsync<NotificationRow>(
            "SELECT kind, listing_id, data::text AS data FROM notification WHERE association_id = @associationId ORDER BY created_at, id",
            new { associationId })).AsList();
    }

    public static async Task<List<AuditLogRow>> AuditRowsAsync(this ResourceShareApp app, Guid targetId)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        return (await conn.QueryAsync<AuditLogRow>(
            "SELECT actor_id, actor_kind, action, target_type, target_id, reason, trace_id FROM audit_log WHERE target_id = @targetId ORDER BY occurred_at, id",
            new { targetId })).AsList();
    }

    public static async Task<bool> InSearchAsync(this ResourceShareApp app, Guid associationId, Guid listingId)
    {
        using var anonymous = app.CreateClient();
        var page = await (await anonymous.GetAsync($"/api/v1/listings?associationId={associationId}")).JsonAsync(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("listing").Id() == listingId);
    }

    public static async Task<HttpStatusCode> StrangerGetsAsync(this ResourceShareApp app, Guid listingId)
    {
        using var anonymous = app.CreateClient();
        return (await anonymous.GetAsync($"/api/v1/listings/{listingId}")).StatusCode;
    }

    /// <summary>Every item of a cursor-paged collection, read two at a time so that the cursor is exercised.</summary>
    public static async Task<List<JsonElement>> AllPagesAsync(this TestUser user, string url)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await user.Client.GetAsync($"{url}{(url.Contains('?') ? '&' : '?')}limit=2{(cursor is null ? "" : "&cursor=" + cursor)}"))
                .JsonAsync(HttpStatusCode.OK);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        return items;
    }
}
