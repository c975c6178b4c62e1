using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Accounts;

namespace ResourceShare.Api.Tests.Auth;

/// <summary>
/// Access tokens stop working when their session ends — signing out, a password change, a platform role change —
/// on every API instance within seconds. Two instances serve one database here: the fixture's and a second host.
/// Each request is made first on both, so that both hold the session in memory before it ends.
/// </summary>
public sealed class SessionRevocationTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>, IAsyncLifetime
{
    private const string Me = "/api/v1/me";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    private WebApplicationFactory<Program> secondInstance = null!;

    public Task InitializeAsync()
    {
        secondInstance = app.WithSettings();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await secondInstance.DisposeAsync();

    [Fact]
    public async Task Signing_out_ends_the_access_token_on_this_instance_at_once_and_on_every_other_within_seconds()
    {
        var user = await app.RegisterAsync();
        using var elsewhere = OnSecondInstance(user.AccessToken);
        await AssertWorksAsync(user.Client, elsewhere);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.PostAsync("/api/v1/auth/logout", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Client.GetAsync(Me)).StatusCode);
        await AssertRefusedWithinAsync(elsewhere);
    }

    [Fact]
    public async Task A_password_change_ends_every_session_of_the_user_its_own_included_and_a_new_sign_in_works()
    {
        var user = await app.RegisterAsync();
        var otherDevice = await app.SignInAsync(user.Email, user.Password);
        using var otherDeviceElsewhere = OnSecondInstance(otherDevice.AccessToken);
        await AssertWorksAsync(user.Client, otherDevice.Client, otherDeviceElsewhere);

        var change = await user.Client.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = user.Password, newPassword = "Neues-Passwort-Sommer-2026" });

        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Client.GetAsync(Me)).StatusCode);
        await AssertRefusedWithinAsync(otherDevice.Client);
        await AssertRefusedWithinAsync(otherDeviceElsewhere);
        var again = await app.SignInAsync(user.Email, "Neues-Passwort-Sommer-2026");
        using var againElsewhere = OnSecondInstance(again.AccessToken);
        await AssertWorksAsync(again.Client, againElsewhere);
    }

    [Fact]
    public async Task The_grant_role_command_ends_the_sessions_of_the_user_whose_role_it_changed()
    {
        var moderator = await app.SignInWithRoleAsync("moderator");
        using var elsewhere = OnSecondInstance(moderator.AccessToken);
        foreach (var client in new[] { moderator.Client, elsewhere })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/admin/moderation/queue")).StatusCode);
        }

        // What the grant-role command runs, as the role it runs as.
        await using (var dataSource = NpgsqlDataSource.Create(app.DataConnectionString))
        {
            await new UserStore(dataSource).SetPlatformRoleAsync(moderator.Email, PlatformRole.Member, null, null, CancellationToken.None);
        }

        await AssertRefusedWithinAsync(moderator.Client);
        await AssertRefusedWithinAsync(elsewhere);
        var member = await app.SignInAsync(moderator.Email, moderator.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.GetAsync("/api/v1/admin/moderation/queue")).StatusCode);
    }

    [Fact]
    public async Task A_platform_role_changed_by_hand_in_the_database_ends_the_sessions_too()
    {
        var user = await app.RegisterAsync();
        using var elsewhere = OnSecondInstance(user.AccessToken);
        await AssertWorksAsync(user.Client, elsewhere);

        await using (var conn = new NpgsqlConnection(app.ConnectionString))
        {
            await conn.ExecuteAsync("UPDATE app_user SET platform_role = 'admin' WHERE id = @Id", new { user.Id });
        }

        await AssertRefusedWithinAsync(user.Client);
        await AssertRefusedWithinAsync(elsewhere);
    }

    [Fact]
    public async Task Ending_one_users_sessions_leaves_everybody_elses_alone()
    {
        var leaving = await app.RegisterAsync();
        var staying = await app.RegisterAsync();
        using var stayingElsewhere = OnSecondInstance(staying.AccessToken);
        await AssertWorksAsync(staying.Client, stayingElsewhere);

        await leaving.Client.PostAsync("/api/v1/auth/logout", null);
        await AssertRefusedWithinAsync(leaving.Client);

        await AssertWorksAsync(staying.Client, stayingElsewhere);
    }

    [Fact]
    public async Task A_refresh_after_signing_out_gets_no_new_token_and_a_new_sign_in_gets_a_working_one()
    {
        var user = await app.RegisterAsync();
        await user.Client.PostAsync("/api/v1/auth/logout", null);

        var refresh = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken });
        var again = await app.SignInAsync(user.Email, user.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        using var againElsewhere = OnSecondInstance(again.AccessToken);
        await AssertWorksAsync(again.Client, againElsewhere);
    }

    [Fact]
    public async Task Removal_from_an_association_takes_effect_at_once_on_every_instance()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var coordinator = await app.AddMemberAsync(owner, associationId, "coordinator");
        using var elsewhere = OnSecondInstance(coordinator.AccessToken);
        var members = $"/api/v1/associations/{associationId}/members";
        await AssertWorksAsync(members, coordinator.Client, elsewhere);

        await owner.Client.DeleteAsync($"{members}/{coordinator.Id}");

        // A membership is looked up in SQL on every request (caller_may), never carried in the token.
        foreach (var client in new[] { coordinator.Client, elsewhere })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(members)).StatusCode);
        }
    }

    private HttpClient OnSecondInstance(string accessToken)
    {
        var client = secondInstance.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    private static Task AssertWorksAsync(params HttpClient[] clients) => AssertWorksAsync(Me, clients);

    private static async Task AssertWorksAsync(string path, params HttpClient[] clients)
    {
        foreach (var client in clients)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }
    }

    /// <summary>Asks until the token is refused, for at most <see cref="Within"/>.</summary>
    private static async Task AssertRefusedWithinAsync(HttpClient client)
    {
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        while ((status = (await client.GetAsync(Me)).StatusCode) != HttpStatusCode.Unauthorized && clock.Elapsed < Within)
        {
            await Task.Delay(50);
        }

        Assert.True(status == HttpStatusCode.Unauthorized, $"The token still answered {(int)status} after {clock.Elapsed.TotalSeconds:0.0} s.");
    }
}
