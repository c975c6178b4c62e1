using System.Net;
using Microsoft.Playwright;
using ResourceShare.Web.Http;
using ResourceShare.Web.Tests.Fixtures;

namespace ResourceShare.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SecurityTests(WebApp app)
{
    [Fact]
    public async Task Web_pages_carry_the_content_security_policy()
    {
        using var response = await app.Http.GetAsync(app.BaseUrl + "/search");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WebSecurityHeaders.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("default-src 'self'", WebSecurityHeaders.ContentSecurityPolicy);
    }

    [Fact]
    public async Task Api_paths_pass_through_with_the_APIs_own_answer()
    {
        using var direct = await app.Http.GetAsync(app.ApiUrl + "/api/v1/listings/00000000-0000-7000-8000-000000000000");
        using var proxied = await app.Http.GetAsync(app.BaseUrl + "/api/v1/listings/00000000-0000-7000-8000-000000000000");

        Assert.Equal(HttpStatusCode.NotFound, proxied.StatusCode);
        Assert.Equal("application/problem+json", proxied.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Comparable(direct), Comparable(proxied));
        Assert.False(proxied.Headers.Contains("Content-Security-Policy") && proxied.Headers.GetValues("Content-Security-Policy").Contains(WebSecurityHeaders.ContentSecurityPolicy));
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        using var post = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["email"] = Steps.DemoOwnerEmail,
            ["password"] = Steps.DemoOwnerPassword,
        });

        using var response = await app.Http.PostAsync(app.BaseUrl + "/account/signin", post);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("rs_session=")));
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_SameSite_and_holds_no_token()
    {
        var page = await app.NewPageAsync();

        await Steps.SignInAsync(page, Steps.DemoOwnerEmail, Steps.DemoOwnerPassword);

        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "rs_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        Assert.DoesNotContain("eyJ", cookie.Value);
        Assert.Equal(0, await page.EvaluateAsync<int>("document.cookie.indexOf('rs_session')") + 1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task After_sign_out_the_old_cookie_no_longer_works()
    {
        var page = await app.NewPageAsync();
        await Steps.SignInAsync(page, Steps.DemoOwnerEmail, Steps.DemoOwnerPassword);
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "rs_session");
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync("/me", cookie.Value)).StatusCode);

        await Steps.SignOutAsync(page);

        using var after = await GetWithCookieAsync("/me", cookie.Value);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/account/signin", new Uri(new Uri(app.BaseUrl), after.Headers.Location!).AbsolutePath);
        await page.Context.CloseAsync();
    }

    /// <summary>The headers of an answer, less those that change from one request to the next.</summary>
    private static IEnumerable<string> Comparable(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("Date" or "RateLimit-Remaining" or "RateLimit-Reset"))
            .Select(h => $"{h.Key}: {string.Join(',', h.Value)}")
            .Order();

    private async Task<HttpResponseMessage> GetWithCookieAsync(string path, string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, app.BaseUrl + path);
        request.Headers.Add("Cookie", "rs_session=" + session);
        return await app.Http.SendAsync(request);
    }
}
