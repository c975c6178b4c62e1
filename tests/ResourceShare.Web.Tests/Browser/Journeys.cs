using Microsoft.Playwright;
using ResourceShare.Web.Tests.Fixtures;

namespace ResourceShare.Web.Tests.Browser;

/// <summary>Journey 1 of the web client, step by step, for any language and any way of working a form.</summary>
public static class Journeys
{
    public sealed record Newcomer(string Email, string Password, string Association, Guid AssociationId, Guid RequestId, string Title, DateOnly Tuesday);

    /// <summary>A Tuesday two weeks or more ahead, when the demo interpreters of Frankfurt are available.</summary>
    public static DateOnly TuesdayAhead()
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14);
        while (day.DayOfWeek != DayOfWeek.Tuesday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    /// <summary>
    /// A newcomer registers, adds an association and posts a request for a Tigrinya–German interpreter in
    /// Frankfurt on a Tuesday evening. <paramref name="screens"/> names the screens to check on the way.
    /// </summary>
    public static async Task<Newcomer> NewcomerPostsInterpreterRequestAsync(IFormDriver d, Words w, string? screens = null)
    {
        var page = d.Page;
        var (email, password) = (Steps.UniqueEmail("newcomer"), "Ein langes Passwort 2026!");
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var association = "Eritreischer Elternverein " + suffix;
        var title = "Dolmetschen Tigrinya–Deutsch beim Elternabend " + suffix;
        var tuesday = TuesdayAhead();

        await d.FollowAsync(w.Register);
        await page.WaitForURLAsync("**/account/register");
        await d.FillAsync(w.YourName, "Selam Newcomer");
        await d.FillAsync(w.Email, email);
        await d.FillAsync(w.Password, password);
        await d.CheckAsync(w.AcceptTerms);
        await Check(page, screens, "register");
        await d.PressAsync(w.CreateAccount);
        await page.WaitForURLAsync("**/me");
        await Check(page, screens, "my-area-empty");

        await d.FollowAsync(w.AddAssociation);
        await page.WaitForURLAsync("**/associations/new");
        await d.FillAsync(w.AssociationName, association);
        await d.FillAsync(w.RegisterCourt, "Amtsgericht Frankfurt am Main");
        await d.FillAsync(w.RegisterNumber, "VR " + Random.Shared.Next(10000, 99999));
        await d.FillAsync(w.PostalCode, "60311");
        await d.FillAsync(w.City, "Frankfurt am Main");
        await Check(page, screens, "association-new");
        await d.PressAsync(w.AddAssociationButton);
        await page.WaitForURLAsync("**/manage?created=true");
        var associationId = Steps.IdIn(page.Url, "associations");
        await Check(page, screens, "association-manage");

        await d.FollowAsync(w.FirstListing);
        await page.WaitForURLAsync("**/listings/new?*");
        await Check(page, screens, "listing-new-choose");
        await d.ChooseAsync(w.LookForSomething);
        await d.ChooseAsync(w.Interpreting);
        await d.PressAsync(w.Continue);
        await page.WaitForURLAsync("**category=interpreting*");

        await d.FillAsync(w.Title, title);
        var pair = page.GetByRole(AriaRole.Group, new() { Name = w.LanguagePair1 });
        await d.SelectAsync(w.Language, w.Tigrinya, pair);
        await d.SelectAsync(w.And, w.German, pair);
        await d.CheckAsync(w.Consecutive);
        await d.FillAsync(w.PostalCode, "60311");
        await d.FillAsync(w.City, "Frankfurt am Main");
        var window = page.GetByRole(AriaRole.Group, new() { Name = w.Date1 });
        await d.FillAsync(w.Date, tuesday.ToString("yyyy-MM-dd"), window);
        await d.FillAsync(w.From, "18:00", window);
        await d.FillAsync(w.To, "20:00", window);
        // The interpreters of Frankfurt ask for a share of their costs.
        await d.FillAsync(w.Budget, "30");
        await Check(page, screens, "listing-new-form");
        await d.PressAsync(w.SaveAndPublish);
        await page.WaitForURLAsync("**/listings/*?saved=true");
        await Assertions.Expect(page.GetByText(w.AwaitingReview).First).ToBeVisibleAsync();
        await Check(page, screens, "listing-pending");

        return new Newcomer(email, password, association, associationId, Steps.IdIn(page.Url, "listings"), title, tuesday);
    }

    private static async Task Check(IPage page, string? screens, string name)
    {
        if (screens is not null)
        {
            await Screens.CheckAsync(page, name);
        }
    }
}
