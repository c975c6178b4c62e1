using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using ResourceShare.Web.Api;
using ResourceShare.Web.ApiClient.Models;

namespace ResourceShare.Web.Sessions;

/// <summary>Starts and ends the browser's session around the tokens the API issued.</summary>
public sealed class SessionSignIn(ApiClientFactory clients)
{
    /// <summary>Signs in with fresh tokens; <paramref name="user"/> is looked up with them when not known yet.</summary>
    public async Task SignInAsync(HttpContext http, TokenResponse tokens, MeResponse? user, CancellationToken ct)
    {
        user ??= await clients.WithoutSession().Api.V1.Me.GetAsync(
            request => request.Headers.Add("Authorization", "Bearer " + tokens.AccessToken), ct);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user!.Id!.Value.ToString()),
            new Claim(ClaimTypes.Name, user.DisplayName ?? ""),
            new Claim(ClaimTypes.Email, user.Email ?? ""),
            new Claim(CurrentUser.RoleClaim, Wire.Of(user.PlatformRole) ?? "member"),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        var properties = new AuthenticationProperties();
        new SignInTokens(tokens.AccessToken!, tokens.AccessTokenExpiresAt!.Value, tokens.RefreshToken!, tokens.RefreshTokenExpiresAt!.Value)
            .PutInto(properties);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), properties);
    }
}
