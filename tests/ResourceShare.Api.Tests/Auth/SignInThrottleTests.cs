using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Auth;

/// <summary>
/// Sign-in throttling after OWASP's Authentication Cheat Sheet: failures for one account from one address wait
/// growing delays, so that guesses from elsewhere never lock the holder out of their own address; attempts per
/// address are limited across accounts. The fixture's requests come from no address; each WithSettings host has
/// an address of its own.
/// </summary>
public sealed class SignInThrottleTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private const string WrongPassword = "Falsches-Passwort-1";

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });

    /// <summary>Lets <paramref name="time"/> pass for the sign-in delays of <paramref name="email"/>, at every address.</summary>
    private async Task PassAsync(string email, TimeSpan time)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.ExecuteAsync(
            "UPDATE sign_in_backoff SET last_attempt_at = last_attempt_at - @Time WHERE key LIKE '%' || lower(@Email)", new { Time = time, Email = email });
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        var problem = await response.JsonAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("urn:resourceshare:problem:too-many-requests", problem.GetProperty("type").GetString());
        Assert.InRange(response.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task Failed_sign_ins_from_one_address_wait_growing_delays_the_right_password_too()
    {
        await using var limited = app.WithSettings(("Auth:LoginAttemptsBeforeDelay", "2"), ("Auth:LoginDelaySeconds", "60"));
        var client = limited.CreateClient();
        var user = await app.RegisterAsync();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, user.Email, WrongPassword)).StatusCode);
        }

        var delays = new List<TimeSpan>();
        for (var round = 0; round < 3; round++)
        {
            var refused = await LoginAsync(client, user.Email, user.Password);
            await AssertTooManyAsync(refused);
            delays.Add(refused.Headers.RetryAfter!.Delta!.Value);
            await PassAsync(user.Email, delays[^1]);
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, user.Email, WrongPassword)).StatusCode);
        }

        Assert.Collection(
            delays,
            d => Assert.InRange(d.TotalSeconds, 55, 60),
            d => Assert.InRange(d.TotalSeconds, 115, 120),
            d => Assert.InRange(d.TotalSeconds, 235, 240));
    }

    [Fact]
    public async Task An_attacker_failing_from_other_addresses_does_not_keep_the_holder_from_signing_in_from_their_own()
    {
        var holder = await app.RegisterAsync();
        foreach (var attacker in new[] { app.WithSettings(("Auth:LoginDelaySeconds", "60")), app.WithSettings(("Auth:LoginDelaySeconds", "60")) })
        {
            await using (attacker)
            {
                var client = attacker.CreateClient();
                var statuses = new List<HttpStatusCode>();
                for (var i = 0; i < 8; i++)
                {
                    statuses.Add((await LoginAsync(client, holder.Email, $"{WrongPassword}-{i}")).StatusCode);
                }

                Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
                Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
            }
        }

        await using var home = app.WithSettings();
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(home.CreateClient(), holder.Email, holder.Password)).StatusCode);
    }

    [Fact]
    public async Task Successful_sign_in_clears_the_failures_of_the_account_at_that_address()
    {
        await using var limited = app.WithSettings(("Auth:LoginAttemptsBeforeDelay", "3"), ("Auth:LoginDelaySeconds", "60"));
        var client = limited.CreateClient();
        var user = await app.RegisterAsync();

        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, user.Email, WrongPassword)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, user.Email, WrongPassword)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, user.Email, user.Password)).StatusCode);
        }
    }

    [Fact]
    public async Task Parallel_guesses_get_no_more_tries_than_the_attempts_before_the_delay()
    {
        await using var limited = app.WithSettings(("Auth:LoginAttemptsBeforeDelay", "3"), ("Auth:LoginDelaySeconds", "60"));
        var client = limited.CreateClient();
        var victim = await app.RegisterAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => LoginAsync(client, victim.Email, $"{WrongPassword}-{i}")));

        var statuses = answers.Select(a => a.StatusCode).ToList();
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.Unauthorized), 1, 3);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        await AssertTooManyAsync(await LoginAsync(client, victim.Email, victim.Password));
    }

    [Fact]
    public async Task Delays_count_every_spelling_of_one_email_together()
    {
        await using var limited = app.WithSettings(("Auth:LoginAttemptsBeforeDelay", "3"), ("Auth:LoginDelaySeconds", "60"));
        var client = limited.CreateClient();
        var user = await app.RegisterAsync("info");
        string[] spellings = [user.Email, user.Email.ToUpperInvariant(), "İ" + user.Email[1..]];

        foreach (var spelling in spellings)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, spelling, WrongPassword)).StatusCode);
        }

        await AssertTooManyAsync(await LoginAsync(client, user.Email, user.Password));
    }

    [Fact]
    public async Task Wrong_current_passwords_in_a_password_change_count_like_failed_sign_ins_from_that_address()
    {
        await using var limited = app.WithSettings(("Auth:LoginAttemptsBeforeDelay", "3"), ("Auth:LoginDelaySeconds", "60"));
        var user = await app.RegisterAsync();
        var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);

        for (var i = 0; i < 3; i++)
        {
            var guess = await client.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = $"{WrongPassword}-{i}", newPassword = "Neues-Passwort-2025" });
            Assert.Equal(HttpStatusCode.BadRequest, guess.StatusCode);
        }

        await AssertTooManyAsync(await client.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = user.Password, newPassword = "Neues-Passwort-2025" }));
        await AssertTooManyAsync(await LoginAsync(client, user.Email, user.Password));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(app.CreateClient(), user.Email, user.Password)).StatusCode);
    }

    [Fact]
    public async Task Sign_ins_beyond_the_limit_per_address_get_429_with_Retry_After()
    {
        await using var limited = app.WithSettings(("Auth:LoginsPerAddress", "3"));
        var client = limited.CreateClient();
        var user = await app.RegisterAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, $"unbekannt-{Guid.NewGuid():N}@example.org", WrongPassword)).StatusCode);
        }

        await AssertTooManyAsync(await LoginAsync(client, user.Email, user.Password));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(app.CreateClient(), user.Email, user.Password)).StatusCode);
    }

    [Fact]
    public async Task Registrations_beyond_the_limit_per_address_get_429_with_Retry_After()
    {
        await using var limited = app.WithSettings(("Auth:RegistrationsPerAddress", "2"));
        var client = limited.CreateClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await client.PostAsJsonAsync("/api/v1/auth/register", new
            {
                email = $"massen-{Guid.NewGuid():N}@example.org", password = ResourceShareApp.Password, displayName = "Massen",
            }));
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created], answers.Take(2).Select(a => a.StatusCode));
        await AssertTooManyAsync(answers[2]);
    }

    [Fact]
    public async Task Refreshes_beyond_the_limit_per_address_get_429_with_Retry_After()
    {
        await using var limited = app.WithSettings(("Auth:RefreshesPerAddress", "2"));
        var client = limited.CreateClient();
        var user = await app.RegisterAsync();

        for (var i = 0; i < 2; i++)
        {
            var guess = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = $"rt_{Guid.NewGuid():N}" });
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        await AssertTooManyAsync(await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken }));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken })).StatusCode);
    }
}
