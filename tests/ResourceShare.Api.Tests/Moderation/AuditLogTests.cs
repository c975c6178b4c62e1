using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Accounts;

namespace ResourceShare.Api.Tests.Moderation;

/// <summary>The audit rows every audited action writes, the admins' view of the log, and a log that cannot be altered.</summary>
public sealed class AuditLogTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    [Fact]
    public async Task Api_key_creation_and_revocation_are_audited_without_the_key()
    {
        var (owner, associationId) = await app.MemberWithAssociationAsync();
        var key = await app.CreateApiKeyAsync(owner, associationId, "listings:read");
        var keys = await (await owner.Client.GetAsync($"/api/v1/associations/{associationId}/api-keys")).JsonAsync(HttpStatusCode.OK);
        var keyId = keys.GetProperty("items")[0].Id();

        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client.DeleteAsync($"/api/v1/associations/{associationId}/api-keys/{keyId}")).StatusCode);

        var rows = await app.AuditRowsAsync(keyId);
        Assert.Equal(new[] { "api_key.created", "api_key.revoked" }, rows.Select(r => r.Action));
        Assert.All(rows, r => Assert.Equal((owner.Id, "user", "api_key"), (r.ActorId, r.ActorKind, r.TargetType)));
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        Assert.False(await conn.QuerySingleAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM audit_log WHERE concat_ws(' ', action, reason, trace_id) LIKE '%' || @key || '%')", new { key }));
    }

    [Fact]
    public async Task A_role_grant_is_audited()
    {
        var user = await app.RegisterAsync();

        await app.Services.GetRequiredService<UserStore>().SetPlatformRoleAsync(user.Email, PlatformRole.Moderator, null, null, CancellationToken.None);

        var row = Assert.Single(await app.AuditRowsAsync(user.Id));
        Assert.Equal(("user.role_granted", "moderator"), (row.Action, row.Reason));
    }

    [Fact]
    public async Task Admins_read_the_log_filtered_by_actor_target_action_and_time_page_by_page()
    {
        var (_, associationId, listingId) = await app.PublishedListingAsync();
        var moderator = await app.SignInWithRoleAsync("moderator");
        var admin = await app.SignInWithRoleAsync("admin");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await moderator.DecideAsync($"listings/{listingId}/remove", new { reason = "eins" });
        await moderator.DecideAsync($"listings/{listingId}/restore");
        await moderator.DecideAsync($"listings/{listingId}/remove", new { reason = "zwei" });
        await admin.DecideAsync($"associations/{associationId}/suspend", new { reason = "drei" });

        var byModerator = await admin.AllPagesAsync($"/api/v1/admin/audit-log?actorId={moderator.Id}");
        Assert.Equal(new[] { "listing.removed", "listing.restored", "listing.removed" }, byModerator.Select(e => e.Str("action")).Reverse());
        Assert.Equal(new[] { "zwei", "eins" }, (await admin.AllPagesAsync($"/api/v1/admin/audit-log?targetId={listingId}&action=listing.removed")).Select(e => e.Str("reason")));
        var suspension = Assert.Single(await admin.AllPagesAsync($"/api/v1/admin/audit-log?targetId={associationId}"));
        Assert.Equal((admin.Id, "association", "drei"), (suspension.GetProperty("actorId").GetGuid(), suspension.Str("targetType"), suspension.Str("reason")));
        Assert.Empty(await admin.AllPagesAsync($"/api/v1/admin/audit-log?targetId={listingId}&to={Uri.EscapeDataString(before.ToString("O"))}"));
        Assert.Equal(3, (await admin.AllPagesAsync($"/api/v1/admin/audit-log?targetId={listingId}&from={Uri.EscapeDataString(before.ToString("O"))}")).Count);
        await ProblemAssert.ValidationAsync(await admin.Client.GetAsync("/api/v1/admin/audit-log?cursor=xyz"), "cursor");
        await ProblemAssert.ValidationAsync(await admin.Client.GetAsync("/api/v1/admin/audit-log?limit=1000"), "limit");
    }

    [Fact]
    public async Task The_database_refuses_to_change_the_log_through_the_applications_own_connection()
    {
        var (_, _, listingId) = await app.PublishedListingAsync();
        var moderator = await app.SignInWithRoleAsync("moderator");
        await moderator.DecideAsync($"listings/{listingId}/remove", new { reason = "bleibt" });
        await using var conn = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();

        foreach (var sql in new[] { "UPDATE audit_log SET reason = 'anders' WHERE target_id = @listingId", "DELETE FROM audit_log WHERE target_id = @listingId" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync(sql, new { listingId }));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        Assert.Equal("bleibt", Assert.Single(await app.AuditRowsAsync(listingId)).Reason);
    }
}
