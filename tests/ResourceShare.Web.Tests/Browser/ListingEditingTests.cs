using Microsoft.Playwright;
using ResourceShare.Web.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace ResourceShare.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ListingEditingTests(WebApp app)
{
    [Fact]
    public async Task An_edit_that_meets_a_newer_version_shows_what_changed_instead_of_overwriting()
    {
        var page = await app.NewPageAsync();
        await Steps.SignInAsync(page, Steps.DemoOwnerEmail, Steps.DemoOwnerPassword);
        var listing = await CreateDraftAsync(page, "Hilfe beim Umzug " + Guid.NewGuid().ToString("N")[..6]);
        await page.GotoAsync($"/listings/{listing}/edit");
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync($"/listings/{listing}/edit");
        await other.GetByLabel("Titel").FillAsync("Hilfe beim Umzug am Samstag");
        await other.GetByRole(AriaRole.Button, new() { Name = "Änderungen speichern" }).ClickAsync();
        await other.WaitForURLAsync("**?saved=true");

        await page.GetByLabel("Beschreibung").FillAsync("Wir bringen Kartons mit.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Änderungen speichern" }).ClickAsync();

        var notice = page.Locator("#changed");
        await Expect(notice).ToContainTextAsync("Jemand hat diese Anzeige inzwischen geändert");
        await Expect(notice).ToContainTextAsync("Titel: Hilfe beim Umzug am Samstag");
        await Expect(page.GetByLabel("Beschreibung")).ToHaveValueAsync("Wir bringen Kartons mit.");
        await Screens.CheckAsync(page, "listing-edit-conflict");
        await other.GotoAsync($"/listings/{listing}");
        await Expect(other.Locator("h1")).ToHaveTextAsync("Hilfe beim Umzug am Samstag");
        await Expect(other.GetByText("Wir bringen Kartons mit.")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_listing_titled_in_Arabic_renders_right_to_left()
    {
        var page = await app.NewPageAsync();
        await Steps.SignInAsync(page, Steps.DemoOwnerEmail, Steps.DemoOwnerPassword);

        var listing = await CreateDraftAsync(page, "قاعة للاجتماعات في فرانكفورت", "نقدم قاعة لاجتماعات الجمعيات مساء الثلاثاء.", "ar");

        await page.GotoAsync($"/listings/{listing}");
        Assert.Equal("rtl", await page.Locator("h1").EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        Assert.Equal("rtl", await page.Locator(".description").EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        Assert.Equal("ltr", await page.Locator("main h2").First.EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        await Screens.CheckAsync(page, "listing-arabic");
        await page.Context.CloseAsync();
    }

    /// <summary>Saves a draft offer of the "other" category through the form and returns its id.</summary>
    public static async Task<Guid> CreateDraftAsync(IPage page, string title, string text = "Wir helfen mit zwei Leuten und einem Transporter.", string language = "de")
    {
        await page.GotoAsync("/listings/new?kind=offer&category=other");
        await page.GetByLabel("Titel").FillAsync(title);
        await page.GetByLabel("Beschreibung").FillAsync(text);
        await page.GetByLabel("In welcher Sprache ist die Anzeige geschrieben?").SelectOptionAsync(language);
        await page.GetByLabel("Was genau?").FillAsync(text);
        await page.Locator("#f-place-postalCode").FillAsync("60311");
        await page.Locator("#f-place-city").FillAsync("Frankfurt am Main");
        var window = page.GetByRole(AriaRole.Group, new() { Name = "Termin 1" });
        await window.GetByLabel("Datum").FillAsync(Journeys.TuesdayAhead().ToString("yyyy-MM-dd"));
        await window.GetByLabel("von").FillAsync("10:00");
        await window.GetByLabel("bis").FillAsync("16:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Als Entwurf speichern" }).ClickAsync();
        await page.WaitForURLAsync("**?saved=true");
        return Steps.IdIn(page.Url, "listings");
    }
}
