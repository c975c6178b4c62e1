using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Auth;

public sealed class SignInLifecycleTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private const string NewPassword = "Apfelwein-Sachsenhausen-7";

    private readonly HttpClient anonymous = app.CreateClient();

    private Task<HttpResponseMessage> LoginAsync(string email, string password) =>
        anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password });

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });

    private static (string Access, string Refresh) TokensOf(JsonElement body) =>
        (body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);

    [Fact]
    public async Task Register_returns_201_with_profile_tokens_location_and_etag()
    {
        var email = $"Amina.K-{Guid.NewGuid():N}@Example.org";

        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new
        {
            email = $"  {email} ",
            password = ResourceShareApp.Password,
            displayName = " Amina K. ",
            preferredLanguage = "TI",
        });

        var body = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("/api/v1/me", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var user = body.GetProperty("user");
        Assert.Equal(email, user.GetProperty("email").GetString());
        Assert.Equal("Amina K.", user.GetProperty("displayName").GetString());
        Assert.Equal("ti", user.GetProperty("preferredLanguage").GetString());
        Assert.Equal("member", user.GetProperty("platformRole").GetString());
        Assert.Empty(user.GetProperty("memberships").EnumerateArray());
        var tokens = body.GetProperty("tokens");
        Assert.Equal("Bearer", tokens.GetProperty("tokenType").GetString());
        var me = await app.CreateClientWithToken(tokens.GetProperty("accessToken").GetString()!).GetAsync("/api/v1/me");
        Assert.Equal(user.GetProperty("id").GetGuid(), (await me.JsonAsync(HttpStatusCode.OK)).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Register_without_preferred_language_takes_it_from_Accept_Language()
    {
        var response = await app.CreateClient("de-DE").PostAsJsonAsync("/api/v1/auth/register", new
        {
            email = $"neu-{Guid.NewGuid():N}@example.org", password = ResourceShareApp.Password, displayName = "Neu",
        });

        var body = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("de", body.GetProperty("user").GetProperty("preferredLanguage").GetString());
    }

    [Fact]
    public async Task Login_in_any_letter_case_returns_tokens_that_open_me()
    {
        var user = await app.RegisterAsync();

        var body = await (await LoginAsync(user.Email.ToUpperInvariant(), user.Password)).JsonAsync(HttpStatusCode.OK);

        var me = await app.CreateClientWithToken(TokensOf(body).Access).GetAsync("/api/v1/me");
        var profile = await me.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(user.Id, profile.GetProperty("id").GetGuid());
        Assert.Equal(user.Email, profile.GetProperty("email").GetString());
        Assert.NotNull(me.Headers.ETag);
    }

    [Fact]
    public async Task Me_without_or_with_a_forged_token_returns_401()
    {
        var user = await app.RegisterAsync();
        var forged = user.AccessToken[..^4] + (user.AccessToken.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClientWithToken(forged).GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Access_tokens_live_at_most_fifteen_minutes()
    {
        var user = await app.RegisterAsync();
        var login = await (await LoginAsync(user.Email, user.Password)).JsonAsync(HttpStatusCode.OK);
        var refreshed = await (await RefreshAsync(TokensOf(login).Refresh)).JsonAsync(HttpStatusCode.OK);

        foreach (var access in new[] { user.AccessToken, TokensOf(login).Access, TokensOf(refreshed).Access })
        {
            var token = new JsonWebToken(access);
            Assert.InRange(token.ValidTo - token.IssuedAt, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15));
        }

        Assert.InRange(login.GetProperty("expiresIn").GetInt32(), 60, 900);
        Assert.InRange(refreshed.GetProperty("expiresIn").GetInt32(), 60, 900);
    }

    [Fact]
    public async Task Each_refresh_token_works_once_and_returns_a_new_pair()
    {
        var user = await app.RegisterAsync();
        var seen = new HashSet<string> { user.AccessToken, user.RefreshToken };
        var refresh = user.RefreshToken;

        for (var i = 0; i < 3; i++)
        {
            var (access, next) = TokensOf(await (await RefreshAsync(refresh)).JsonAsync(HttpStatusCode.OK));

            Assert.True(seen.Add(access));
            Assert.True(seen.Add(next));
            var me = await app.CreateClientWithToken(access).GetAsync("/api/v1/me");
            Assert.Equal(user.Id, (await me.JsonAsync(HttpStatusCode.OK)).GetProperty("id").GetGuid());
            refresh = next;
        }
    }

    [Fact]
    public async Task Reusing_a_spent_refresh_token_returns_401_and_revokes_the_whole_chain()
    {
        var user = await app.RegisterAsync();
        var otherSession = TokensOf(await (await LoginAsync(user.Email, user.Password)).JsonAsync(HttpStatusCode.OK));
        var first = user.RefreshToken;
        var second = TokensOf(await (await RefreshAsync(first)).JsonAsync(HttpStatusCode.OK)).Refresh;
        var newest = TokensOf(await (await RefreshAsync(second)).JsonAsync(HttpStatusCode.OK)).Refresh;

        var replay = await RefreshAsync(first);

        var problem = await replay.JsonAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("urn:resourceshare:problem:unauthorized", problem.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(newest)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(second)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(otherSession.Refresh)).StatusCode);
    }

    [Fact]
    public async Task Reusing_a_spent_refresh_token_ends_the_access_tokens_issued_before_and_the_other_devices_refresh()
    {
        var user = await app.RegisterAsync();
        var otherDevice = TokensOf(await (await LoginAsync(user.Email, user.Password)).JsonAsync(HttpStatusCode.OK));
        var (stolenAccess, next) = TokensOf(await (await RefreshAsync(user.RefreshToken)).JsonAsync(HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClientWithToken(stolenAccess).GetAsync("/api/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(user.RefreshToken)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClientWithToken(stolenAccess).GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClientWithToken(otherDevice.Access).GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(next)).StatusCode);
        var renewed = TokensOf(await (await RefreshAsync(otherDevice.Refresh)).JsonAsync(HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClientWithToken(renewed.Access).GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Unknown_refresh_token_returns_401()
    {
        var response = await RefreshAsync("rt_" + Guid.NewGuid().ToString("N"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Logout_revokes_every_refresh_token_of_the_user_and_no_other()
    {
        var user = await app.RegisterAsync();
        var other = await app.RegisterAsync();
        var secondSession = TokensOf(await (await LoginAsync(user.Email, user.Password)).JsonAsync(HttpStatusCode.OK));

        var logout = await user.Client.PostAsync("/api/v1/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(user.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(secondSession.Refresh)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(other.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(user.Email, user.Password)).StatusCode);
    }

    [Fact]
    public async Task Password_change_with_the_current_password_replaces_it_and_revokes_refresh_tokens()
    {
        var user = await app.RegisterAsync();

        var change = await user.Client.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = user.Password, newPassword = NewPassword });

        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(user.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(user.Email, user.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(user.Email, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task Password_change_with_a_wrong_current_password_returns_400_and_changes_nothing()
    {
        var user = await app.RegisterAsync();

        var change = await user.Client.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = "Falsches-Passwort-1", newPassword = NewPassword });

        var errors = await change.ValidationErrorsAsync();
        Assert.Equal(["currentPassword"], errors.Keys);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(user.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(user.Email, user.Password)).StatusCode);
    }

    [Fact]
    public async Task Password_change_to_a_password_containing_the_email_returns_400_on_the_new_password()
    {
        var user = await app.RegisterAsync("yilmaz");
        var localPart = user.Email.Split('@')[0];

        var change = await user.Client.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = user.Password, newPassword = "Mein-" + localPart });

        var errors = await change.ValidationErrorsAsync();
        Assert.Equal(["newPassword"], errors.Keys);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(user.Email, user.Password)).StatusCode);
    }

    [Fact]
    public async Task Profile_update_honours_If_Match()
    {
        var user = await app.RegisterAsync();
        var me = await user.Client.GetAsync("/api/v1/me");
        var etag = me.Headers.ETag!.Tag;

        using var first = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/me") { Content = JsonContent.Create(new { displayName = "Neuer Name", preferredLanguage = "uk" }) };
        first.Headers.IfMatch.ParseAdd(etag);
        var updated = await user.Client.SendAsync(first);
        using var stale = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/me") { Content = JsonContent.Create(new { displayName = "Veraltet" }) };
        stale.Headers.IfMatch.ParseAdd(etag);
        var refused = await user.Client.SendAsync(stale);

        var body = await updated.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Neuer Name", body.GetProperty("displayName").GetString());
        Assert.Equal("uk", body.GetProperty("preferredLanguage").GetString());
        Assert.NotEqual(etag, updated.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        var now = await (await user.Client.GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Neuer Name", now.GetProperty("displayName").GetString());
    }
}
