using System.Diagnostics;
using System.Net;
using Dapper;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Auth;

/// <summary>
/// An instance that lost its connection to the database also lost the notifications of ended sessions sent
/// meanwhile: it must not go on trusting what it remembered from before.
/// </summary>
public sealed class SessionOutageTests(DatabaseOutageApp app) : IClassFixture<DatabaseOutageApp>, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        app.Proxy.Restore();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        app.Proxy.Restore();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_session_ended_elsewhere_while_this_instance_could_not_hear_of_it_is_refused_once_the_database_is_back()
    {
        var user = await app.RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/me")).StatusCode);

        app.Proxy.Cut();
        // Another instance signs the user out meanwhile; its notification cannot reach this one.
        await using (var conn = new NpgsqlConnection(app.ConnectionString))
        {
            await conn.ExecuteAsync("UPDATE app_user SET session_version = session_version + 1 WHERE id = @Id", new { user.Id });
        }

        app.Proxy.Restore();

        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        while ((status = (await user.Client.GetAsync("/api/v1/me")).StatusCode) != HttpStatusCode.Unauthorized && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Assert.NotEqual(HttpStatusCode.OK, status);
            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
