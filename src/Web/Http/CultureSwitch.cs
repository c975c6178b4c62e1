using Microsoft.AspNetCore.Localization;

namespace ResourceShare.Web.Http;

/// <summary><c>GET /culture/{name}?returnUrl=…</c> remembers German or English in a cookie and goes back.</summary>
public static class CultureSwitch
{
    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/{name}", (string name, string? returnUrl, HttpContext context) =>
        {
            var culture = name == "en" ? "en" : "de";
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            return Results.LocalRedirect(LocalUrl.OrHome(returnUrl));
        });
        return app;
    }
}
