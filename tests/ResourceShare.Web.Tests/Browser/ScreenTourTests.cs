using Microsoft.Playwright;
using ResourceShare.Web.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace ResourceShare.Web.Tests.Browser;

/// <summary>
/// Every screen the journeys do not pass, as a visitor, an association owner and an admin see it: axe-core finds
/// no serious or critical violation, and screenshots at 1280 and 390 px go to the test results.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenTourTests(WebApp app)
{
    [Fact]
    public async Task Public_screens()
    {
        var page = await app.NewPageAsync();

        await Visit(page, "/", "home");
        await Visit(page, "/search?category=room", "search");
        await Expect(page.Locator(".listing-card")).ToHaveCountAsync(20);
        await page.GetByRole(AriaRole.Link, new() { Name = "Mehr laden" }).ClickAsync();
        await Expect(page.Locator(".listing-card")).ToHaveCountAsync(40);
        await Visit(page, "/search?q=Tigrinya&near=Frankfurt%20am%20Main&radiusKm=30&sort=distance", "search-place");
        await Visit(page, "/search?q=xyzzy-nothing", "search-empty");
        await page.GotoAsync("/search?category=room");
        await page.Locator(".listing-card h3 a").First.ClickAsync();
        await page.WaitForURLAsync("**/listings/*");
        await Screens.CheckAsync(page, "listing");
        await Visit(page, "/associations", "directory");
        await page.Locator(".directory h2 a").First.ClickAsync();
        await page.WaitForURLAsync("**/associations/*");
        await Screens.CheckAsync(page, "association-profile");
        await Visit(page, "/account/signin", "signin");
        await page.GetByLabel("E-Mail-Adresse").FillAsync(Steps.DemoOwnerEmail);
        await page.GetByLabel("Passwort").FillAsync("falsch-falsch-falsch");
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
        await Expect(page.Locator(".problem")).ToContainTextAsync("stimmt nicht");
        await Screens.CheckAsync(page, "signin-failed");
        await Visit(page, "/account/register", "register-empty");
        await page.GetByLabel("Ihr Name").FillAsync("Kurz");
        await page.GetByLabel("E-Mail-Adresse").FillAsync(Steps.UniqueEmail("short"));
        await page.GetByLabel("Passwort").FillAsync("kurz");
        await page.GetByLabel(Words.De.AcceptTerms).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Konto anlegen" }).ClickAsync();
        await Expect(page.Locator("#f-password-error")).ToBeVisibleAsync();
        Assert.Equal("true", await page.Locator("#f-password").GetAttributeAsync("aria-invalid"));
        await Expect(page.GetByLabel(Words.De.AcceptTerms)).ToBeCheckedAsync();
        await Screens.CheckAsync(page, "register-refused");
        await Visit(page, "/privacy", "privacy");
        await Visit(page, "/nowhere", "not-found");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_search_page_stays_under_100_KB_on_the_wire()
    {
        var page = await app.NewPageAsync();
        var responses = new List<IResponse>();
        page.Response += (_, response) => responses.Add(response);

        await page.GotoAsync("/search?category=room", new() { WaitUntil = WaitUntilState.NetworkIdle });

        long bytes = 0;
        foreach (var response in responses)
        {
            var sizes = await response.Request.SizesAsync();
            bytes += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
        }

        Assert.InRange(bytes, 1, 100 * 1024);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Association_owner_screens()
    {
        var page = await app.NewPageAsync();
        await Steps.SignInAsync(page, Steps.DemoOwnerEmail, Steps.DemoOwnerPassword);
        await Screens.CheckAsync(page, "my-area");
        var association = Steps.IdIn(await page.GetByRole(AriaRole.Link, new() { Name = "Verein verwalten" }).First.GetAttributeAsync("href") ?? "", "associations");

        await Visit(page, $"/associations/{association}/listings", "association-listings");
        await Visit(page, $"/associations/{association}/manage", "association-manage-owner");
        await page.GetByLabel("Wofür ist der Schlüssel?").FillAsync("Webseite des Netzwerks");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schlüssel erstellen" }).ClickAsync();
        await Expect(page.Locator(".secret")).ToContainTextAsync("rsk_");
        await Screens.CheckAsync(page, "api-key-created");
        await Visit(page, $"/associations/{association}/matches?direction=outgoing", "proposals-outgoing");
        await Visit(page, $"/associations/{association}/bookings?view=month", "bookings");
        await Visit(page, "/notifications", "inbox");
        await Visit(page, "/account/password", "password");
        await Visit(page, "/account/delete", "account-delete");
        await Visit(page, $"/associations/{association}/dissolve", "association-dissolve");
        await page.GotoAsync($"/associations/{association}/listings");
        await page.Locator(".listing-card h3 a").First.ClickAsync();
        await page.WaitForURLAsync("**/listings/*");
        await page.GetByRole(AriaRole.Link, new() { Name = "Bearbeiten" }).ClickAsync();
        await page.WaitForURLAsync("**/edit");
        await Screens.CheckAsync(page, "listing-edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "+ Wochenregel hinzufügen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Wochenregel 1" })).ToBeVisibleAsync();
        await Screens.CheckAsync(page, "availability-editor");
        await Steps.SignOutAsync(page);
        await Screens.CheckAsync(page, "signed-out");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Admin_screens()
    {
        var page = await app.NewPageAsync();
        await Steps.SignInAsync(page, "admin@demo.resourceshare.example", "Demo-Admin-2026!");

        await Visit(page, "/moderation?kind=association", "moderation-associations");
        await Visit(page, "/moderation/audit-log", "audit-log");
        await Visit(page, "/moderation/statistics", "statistics");
        await Expect(page.Locator("svg.chart")).ToHaveCountAsync(3);
        await page.Context.CloseAsync();
    }

    private static async Task Visit(IPage page, string path, string name)
    {
        await page.GotoAsync(path);
        await Screens.CheckAsync(page, name);
    }
}
