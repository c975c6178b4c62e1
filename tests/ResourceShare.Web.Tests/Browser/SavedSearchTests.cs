using Microsoft.Playwright;
using ResourceShare.Web.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace ResourceShare.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SavedSearchTests(WebApp app)
{
    [Fact]
    public async Task A_member_saves_the_current_search_changes_its_rhythm_and_deletes_it()
    {
        var page = await app.NewPageAsync();
        await Steps.SignInAsync(page, Steps.DemoOwnerEmail, Steps.DemoOwnerPassword);
        var name = "Säle " + Guid.NewGuid().ToString("N")[..8];
        await page.GotoAsync("/search?q=Saal&kind=offer");

        await page.GetByText("Diese Suche speichern").ClickAsync();
        await Expect(page.Locator("#f-name")).ToHaveValueAsync("Saal");
        await page.Locator("#f-name").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Suche speichern" }).ClickAsync();
        await Expect(page.Locator("#f-name-error")).ToBeVisibleAsync();
        await Screens.AssertAccessibleAsync(page, "search-save-refused");
        await page.Locator("#f-name").FillAsync(name);
        await page.Locator("#f-rhythm").SelectOptionAsync("daily");
        await page.GetByRole(AriaRole.Button, new() { Name = "Suche speichern" }).ClickAsync();

        await page.WaitForURLAsync("**/saved-searches?saved=*");
        var card = page.Locator(".saved-search").Filter(new() { HasText = name });
        await Expect(card).ToContainTextAsync("einmal am Tag");
        await Expect(card).ToContainTextAsync("per E-Mail an mich");
        var link = await card.GetByRole(AriaRole.Link, new() { Name = name }).GetAttributeAsync("href");
        Assert.Equal("/search?q=Saal&kind=offer", link);
        await Screens.CheckAsync(page, "saved-searches");

        await card.Locator("select[name^='rhythm-']").SelectOptionAsync("weekly");
        await card.GetByRole(AriaRole.Button, new() { Name = $"Suche {name} speichern" }).ClickAsync();
        await Expect(page.Locator(".saved-search").Filter(new() { HasText = name })).ToContainTextAsync("einmal in der Woche");
        await page.Locator(".saved-search").Filter(new() { HasText = name })
            .GetByRole(AriaRole.Button, new() { Name = $"Suche {name} löschen" }).ClickAsync();
        await Expect(page.Locator(".saved-search").Filter(new() { HasText = name })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
