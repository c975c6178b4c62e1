using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Accounts;

namespace ResourceShare.Api.Tests.Auth;

public sealed class PlatformRoleTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private sealed record AuditRow(Guid? ActorId, string ActorKind, string Action, string TargetType, string? Reason);

    /// <summary>
    /// What the grant-role command does: the store call, without the console around it. The API's own store, set up
    /// as the API sets up its data access (a store on a bare data source would send the role as a number).
    /// </summary>
    private Task<UserRow?> GrantRoleAsync(string email, PlatformRole role) =>
        app.Services.GetRequiredService<UserStore>().SetPlatformRoleAsync(email, role, null, null, CancellationToken.None);

    [Fact]
    public async Task Grant_role_changes_the_role_and_writes_an_audit_row()
    {
        var user = await app.RegisterAsync();

        var granted = await GrantRoleAsync(user.Email.ToUpperInvariant(), PlatformRole.Moderator);

        Assert.Equal(PlatformRole.Moderator, granted?.PlatformRole);
        var signedIn = await app.SignInAsync(user.Email, user.Password);
        var me = await (await signedIn.Client.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("moderator", me.GetProperty("platformRole").GetString());
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        var audit = await conn.QuerySingleAsync<AuditRow>(
            "SELECT actor_id, actor_kind, action, target_type, reason FROM audit_log WHERE target_id = @Id", new { user.Id });
        Assert.Equal(new AuditRow(null, "system", "user.role_granted", "user", "moderator"), audit);
    }

    [Fact]
    public async Task Grant_role_to_an_unknown_email_changes_nothing()
    {
        var granted = await GrantRoleAsync($"niemand-{Guid.NewGuid():N}@example.org", PlatformRole.Admin);

        Assert.Null(granted);
    }

    [Fact]
    public async Task Audit_log_refuses_update_delete_and_truncate_even_for_its_owner()
    {
        var user = await app.RegisterAsync();
        await GrantRoleAsync(user.Email, PlatformRole.Admin);
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        Assert.True(await conn.QuerySingleAsync<bool>("SELECT tableowner = current_user FROM pg_tables WHERE tablename = 'audit_log'"));

        foreach (var sql in new[]
                 {
                     "UPDATE audit_log SET reason = 'member' WHERE target_id = @Id",
                     "DELETE FROM audit_log WHERE target_id = @Id",
                     "TRUNCATE audit_log",
                 })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync(sql, new { user.Id }));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        Assert.Equal("admin", await conn.QuerySingleAsync<string>("SELECT reason FROM audit_log WHERE target_id = @Id", new { user.Id }));
    }
}
