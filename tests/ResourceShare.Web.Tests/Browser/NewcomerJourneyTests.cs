using ResourceShare.Web.Tests.Fixtures;

namespace ResourceShare.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class NewcomerJourneyTests(WebApp app)
{
    [Fact]
    public async Task Newcomer_posts_a_request_for_a_Tigrinya_interpreter_in_English()
    {
        var page = await app.NewPageAsync(locale: "en-GB");
        await page.GotoAsync("/");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Deutsch" })).ToBeVisibleAsync();

        var newcomer = await Steps.KeepFailureAsync(page, "english-journey",
            () => Journeys.NewcomerPostsInterpreterRequestAsync(new MouseDriver(page), Words.En));

        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.NotEqual(Guid.Empty, newcomer.RequestId);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Newcomer_posts_a_request_for_a_Tigrinya_interpreter_with_the_keyboard_alone()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");

        var newcomer = await Steps.KeepFailureAsync(page, "keyboard-journey",
            () => Journeys.NewcomerPostsInterpreterRequestAsync(new KeyboardDriver(page), Words.De));

        Assert.NotEqual(Guid.Empty, newcomer.RequestId);
        await page.Context.CloseAsync();
    }
}
