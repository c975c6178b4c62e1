using System.Net;
using Microsoft.Playwright;
using ResourceShare.Web.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace ResourceShare.Web.Tests.Browser;

/// <summary>The calendar subscription of an association's bookings, made, renewed and ended on its manage page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CalendarFeedTests(WebApp app)
{
    [Fact]
    public async Task An_owner_makes_a_calendar_address_renews_it_and_ends_it()
    {
        var page = await app.NewPageAsync();
        await Steps.SignInAsync(page, Steps.DemoOwnerEmail, Steps.DemoOwnerPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "Verein verwalten" }).First.ClickAsync();
        await page.WaitForURLAsync("**/manage");
        var section = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Kalender-Abo" }) });

        await section.GetByRole(AriaRole.Button, new() { Name = "Kalender-Abo anlegen" }).ClickAsync();
        var first = await FeedUrlAsync(section);
        await AssertCalendarAsync(first);
        await Screens.CheckAsync(page, "calendar-feed");

        await section.GetByRole(AriaRole.Button, new() { Name = "Neue Adresse erzeugen" }).ClickAsync();
        await Expect(section.Locator(".secret")).Not.ToHaveTextAsync(first);
        var second = await FeedUrlAsync(section);
        Assert.NotEqual(first, second);
        await AssertCalendarAsync(second);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync(first)).StatusCode);

        await page.GotoAsync(page.Url);
        await Expect(section).ToContainTextAsync("Ein Kalender-Abo besteht seit");
        await Expect(section.Locator(".secret")).ToHaveCountAsync(0);
        await section.GetByRole(AriaRole.Button, new() { Name = "Kalender-Abo beenden" }).ClickAsync();
        await Expect(section).ToContainTextAsync("Es gibt noch kein Kalender-Abo.");
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync(second)).StatusCode);
        await page.Context.CloseAsync();
    }

    private static async Task<string> FeedUrlAsync(ILocator section)
    {
        var secret = section.Locator(".secret");
        await Expect(secret).ToContainTextAsync(".ics");
        return (await secret.InnerTextAsync()).Trim();
    }

    private async Task AssertCalendarAsync(string url)
    {
        using var response = await app.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("BEGIN:VCALENDAR", await response.Content.ReadAsStringAsync());
    }
}
