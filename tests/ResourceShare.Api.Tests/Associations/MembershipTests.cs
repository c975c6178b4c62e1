using System.Net;
using System.Net.Http.Json;
using Dapper;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Associations;

public sealed class MembershipTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private static Task<HttpResponseMessage> ChangeRoleAsync(TestUser actor, Guid associationId, Guid userId, string role) =>
        actor.Client.PatchAsJsonAsync($"/api/v1/associations/{associationId}/members/{userId}", new { role });

    private static Task<HttpResponseMessage> RemoveAsync(TestUser actor, Guid associationId, Guid userId) =>
        actor.Client.DeleteAsync($"/api/v1/associations/{associationId}/members/{userId}");

    private static async Task<Dictionary<Guid, string>> MembersAsync(TestUser viewer, Guid associationId)
    {
        var body = await (await viewer.Client.GetAsync($"/api/v1/associations/{associationId}/members")).JsonAsync(HttpStatusCode.OK);
        return body.GetProperty("items").EnumerateArray().ToDictionary(m => m.GetProperty("userId").GetGuid(), m => m.GetProperty("role").GetString()!);
    }

    private async Task<Dictionary<Guid, string>> RolesInDatabaseAsync(Guid associationId)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        var rows = await conn.QueryAsync<(Guid UserId, string Role)>(
            "SELECT user_id, role FROM membership WHERE association_id = @associationId", new { associationId });
        return rows.ToDictionary(r => r.UserId, r => r.Role);
    }

    [Fact]
    public async Task Owner_adds_a_member_changes_the_role_and_removes_them()
    {
        var owner = await app.RegisterAsync("owner");
        var id = await app.CreateAssociationAsync(owner);
        var person = await app.RegisterAsync("person");

        var added = await owner.Client.PostAsJsonAsync($"/api/v1/associations/{id}/members", new { email = person.Email.ToUpperInvariant(), role = "member" });
        var promoted = await ChangeRoleAsync(owner, id, person.Id, "coordinator");
        var rolesAfterPromotion = await MembersAsync(owner, id);
        var removed = await RemoveAsync(owner, id, person.Id);

        var member = await added.JsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/associations/{id}/members/{person.Id}", added.Headers.Location?.OriginalString);
        Assert.Equal((person.Id, "member"), (member.GetProperty("userId").GetGuid(), member.GetProperty("role").GetString()));
        Assert.Equal("coordinator", (await promoted.JsonAsync(HttpStatusCode.OK)).GetProperty("role").GetString());
        Assert.Equal(new Dictionary<Guid, string> { [owner.Id] = "owner", [person.Id] = "coordinator" }, rolesAfterPromotion);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(new Dictionary<Guid, string> { [owner.Id] = "owner" }, await MembersAsync(owner, id));
    }

    [Fact]
    public async Task Adding_an_unknown_email_returns_422_and_an_existing_member_409()
    {
        var owner = await app.RegisterAsync();
        var id = await app.CreateAssociationAsync(owner);
        var member = await app.AddMemberAsync(owner, id, "member");

        var unknown = await owner.Client.PostAsJsonAsync($"/api/v1/associations/{id}/members", new { email = $"niemand-{Guid.NewGuid():N}@example.org", role = "member" });
        var again = await owner.Client.PostAsJsonAsync($"/api/v1/associations/{id}/members", new { email = member.Email, role = "owner" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("member", (await RolesInDatabaseAsync(id))[member.Id]);
    }

    [Fact]
    public async Task Changing_the_role_of_someone_who_is_no_member_returns_404()
    {
        var owner = await app.RegisterAsync();
        var id = await app.CreateAssociationAsync(owner);
        var outsider = await app.RegisterAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await ChangeRoleAsync(owner, id, outsider.Id, "owner")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await RemoveAsync(owner, id, outsider.Id)).StatusCode);
        Assert.False((await RolesInDatabaseAsync(id)).ContainsKey(outsider.Id));
    }

    [Theory]
    [InlineData("member")]
    [InlineData("coordinator")]
    public async Task Member_may_leave(string role)
    {
        var owner = await app.RegisterAsync();
        var id = await app.CreateAssociationAsync(owner);
        var member = await app.AddMemberAsync(owner, id, role);

        var left = await RemoveAsync(member, id, member.Id);

        Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
        var me = await (await member.Client.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(me.GetProperty("memberships").EnumerateArray());
        Assert.Equal(new Dictionary<Guid, string> { [owner.Id] = "owner" }, await RolesInDatabaseAsync(id));
    }

    [Fact]
    public async Task Last_owner_can_neither_leave_be_removed_nor_be_demoted()
    {
        var first = await app.RegisterAsync();
        var id = await app.CreateAssociationAsync(first);
        var second = await app.AddMemberAsync(first, id, "owner");
        var coordinator = await app.AddMemberAsync(first, id, "coordinator");
        Assert.Equal(HttpStatusCode.NoContent, (await RemoveAsync(second, id, first.Id)).StatusCode);

        var answers = new[]
        {
            await RemoveAsync(second, id, second.Id),
            await ChangeRoleAsync(second, id, second.Id, "coordinator"),
            await ChangeRoleAsync(second, id, second.Id, "member"),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.Equal(new Dictionary<Guid, string> { [second.Id] = "owner", [coordinator.Id] = "coordinator" }, await RolesInDatabaseAsync(id));
    }

    [Fact]
    public async Task Owner_may_hand_over_and_then_step_down()
    {
        var owner = await app.RegisterAsync();
        var id = await app.CreateAssociationAsync(owner);
        var successor = await app.AddMemberAsync(owner, id, "coordinator");

        Assert.Equal(HttpStatusCode.OK, (await ChangeRoleAsync(owner, id, successor.Id, "owner")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ChangeRoleAsync(owner, id, owner.Id, "member")).StatusCode);

        Assert.Equal(new Dictionary<Guid, string> { [owner.Id] = "member", [successor.Id] = "owner" }, await RolesInDatabaseAsync(id));
    }

    [Fact]
    public async Task Two_owners_demoting_each_other_at_once_always_leave_one_owner()
    {
        var first = await app.RegisterAsync();
        var second = await app.RegisterAsync();

        for (var round = 0; round < 20; round++)
        {
            var id = await app.CreateAssociationAsync(first);
            var add = await first.Client.PostAsJsonAsync($"/api/v1/associations/{id}/members", new { email = second.Email, role = "owner" });
            Assert.Equal(HttpStatusCode.Created, add.StatusCode);

            var answers = await Task.WhenAll(ChangeRoleAsync(first, id, second.Id, "member"), ChangeRoleAsync(second, id, first.Id, "member"));

            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
            Assert.Single(answers, a => a.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Conflict);
            Assert.Single(await RolesInDatabaseAsync(id), m => m.Value == "owner");
        }
    }

    [Fact]
    public async Task Owner_demoted_while_their_change_waits_is_refused()
    {
        var first = await app.RegisterAsync();
        var id = await app.CreateAssociationAsync(first);
        var second = await app.AddMemberAsync(first, id, "owner");
        var third = await app.AddMemberAsync(first, id, "owner");
        await using var holder = new NpgsqlConnection(app.ConnectionString);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM association WHERE id = @id FOR UPDATE", new { id }, tx);

        var waiting = ChangeRoleAsync(second, id, third.Id, "member");
        await WaitForALockWaitAsync();
        await holder.ExecuteAsync("UPDATE membership SET role = 'member' WHERE association_id = @id AND user_id = @user", new { id, user = second.Id }, tx);
        await tx.CommitAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await waiting).StatusCode);
        Assert.Equal("owner", (await RolesInDatabaseAsync(id))[third.Id]);
    }

    /// <summary>Returns once a session of this test's database waits for a lock (the request behind the held row lock).</summary>
    private async Task WaitForALockWaitAsync()
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        for (var i = 0; i < 200; i++)
        {
            if (await conn.QuerySingleAsync<bool>(
                    "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock')"))
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The request never waited for the association's row lock.");
    }
}
