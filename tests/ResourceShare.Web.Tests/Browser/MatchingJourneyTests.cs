using Microsoft.Playwright;
using ResourceShare.Web.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace ResourceShare.Web.Tests.Browser;

/// <summary>
/// Journeys 1 to 4 as one story: a newcomer's request (1) is approved by a moderator (4), a demo owner finds it
/// among the matches of her offer and proposes (2), the newcomer accepts, both see the booking and they write (3).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MatchingJourneyTests(WebApp app)
{
    private const string SelamsOffer = "Dolmetschen Tigrinya–Deutsch für Behördengänge und Arzttermine in Frankfurt am Main";

    [Fact]
    public async Task A_newcomers_request_is_approved_matched_proposed_accepted_booked_and_discussed()
    {
        var newcomerPage = await app.NewPageAsync();
        await newcomerPage.GotoAsync("/");
        var newcomer = await Steps.KeepFailureAsync(newcomerPage, "journey-1",
            () => Journeys.NewcomerPostsInterpreterRequestAsync(new MouseDriver(newcomerPage), Words.De, screens: "yes"));

        var moderator = await app.NewPageAsync();
        await Steps.KeepFailureAsync(moderator, "journey-4", async () =>
        {
            await Steps.SignInAsync(moderator, Steps.ModeratorEmail, Steps.ModeratorPassword);
            await moderator.GetByRole(AriaRole.Link, new() { Name = "Moderation", Exact = true }).ClickAsync();
            await moderator.WaitForURLAsync("**/moderation");
            var entry = moderator.Locator("li.queue-entry").Filter(new() { HasText = newcomer.Title });
            await Screens.CheckAsync(moderator, "moderation-queue");
            await entry.GetByRole(AriaRole.Button, new() { Name = "Freigeben" }).ClickAsync();
            await moderator.WaitForURLAsync("**/moderation?done=true");
            await Expect(moderator.Locator("li.queue-entry").Filter(new() { HasText = newcomer.Title })).ToHaveCountAsync(0);
            return true;
        });

        var selam = await app.NewPageAsync();
        var matchUrl = await Steps.KeepFailureAsync(selam, "journey-2", async () =>
        {
            await Steps.SignInAsync(selam, Steps.DemoOwnerEmail, Steps.DemoOwnerPassword);
            await selam.GetByRole(AriaRole.Link, new() { Name = "Unsere Anzeigen" }).First.ClickAsync();
            await selam.GetByRole(AriaRole.Link, new() { Name = SelamsOffer }).ClickAsync();
            await selam.GetByRole(AriaRole.Link, new() { Name = "Passende Vorschläge" }).ClickAsync();
            await selam.WaitForURLAsync("**/matches");
            var candidate = selam.Locator("li.match-card").Filter(new() { HasText = newcomer.Title });
            await Expect(candidate).ToBeVisibleAsync();
            await Expect(candidate.Locator(".explanation li")).ToHaveCountAsync(6);
            await Screens.CheckAsync(selam, "matches");
            await candidate.GetByRole(AriaRole.Link, new() { Name = "Anfragen" }).ClickAsync();
            await selam.WaitForURLAsync("**/matches/new?*");
            await selam.GetByLabel("Nachricht an den anderen Verein").FillAsync("Salam! Unsere Dolmetscherin Mehret kommt gern.");
            await Screens.CheckAsync(selam, "propose");
            await selam.GetByRole(AriaRole.Button, new() { Name = "Anfrage senden" }).ClickAsync();
            await selam.WaitForURLAsync("**/matches/*?proposed=true");
            await Expect(selam.GetByText("angefragt").First).ToBeVisibleAsync();
            return selam.Url.Split('?')[0];
        });

        await Steps.KeepFailureAsync(newcomerPage, "journey-3", async () =>
        {
            await newcomerPage.GotoAsync("/");
            await Expect(newcomerPage.Locator(".main-nav .badge")).ToBeVisibleAsync();
            await newcomerPage.GetByRole(AriaRole.Link, new() { Name = "Nachrichten" }).First.ClickAsync();
            await newcomerPage.WaitForURLAsync("**/notifications");
            await Screens.CheckAsync(newcomerPage, "notifications");
            await newcomerPage.GotoAsync($"/associations/{newcomer.AssociationId}/matches");
            await Screens.CheckAsync(newcomerPage, "proposals");
            await newcomerPage.GetByRole(AriaRole.Link, new() { Name = newcomer.Title }).ClickAsync();
            await newcomerPage.WaitForURLAsync(matchUrl);
            await Screens.CheckAsync(newcomerPage, "match-proposed");
            await newcomerPage.GetByRole(AriaRole.Button, new() { Name = "Annehmen und buchen" }).ClickAsync();
            await Expect(newcomerPage.Locator(".card-meta .pill").First).ToHaveTextAsync("angenommen");
            await newcomerPage.GetByLabel("Ihre Nachricht").FillAsync("Danke! Wir treffen uns am Eingang der Schule.");
            await newcomerPage.GetByRole(AriaRole.Button, new() { Name = "Senden" }).ClickAsync();
            await Expect(newcomerPage.Locator(".message.mine")).ToContainTextAsync("Eingang der Schule");

            await newcomerPage.GotoAsync($"/associations/{newcomer.AssociationId}/bookings?view=week&date={newcomer.Tuesday:yyyy-MM-dd}");
            await Expect(newcomerPage.Locator(".calendar-day")).ToContainTextAsync(SelamsOffer);
            await Screens.CheckAsync(newcomerPage, "bookings-week");
            return true;
        });

        await Steps.KeepFailureAsync(selam, "journey-3-provider", async () =>
        {
            await selam.GotoAsync(matchUrl);
            await Expect(selam.Locator(".message").Filter(new() { HasNotText = "Salam" })).ToContainTextAsync("Eingang der Schule");
            await selam.GetByLabel("Ihre Nachricht").FillAsync("Prima, bis Dienstag!");
            await selam.GetByRole(AriaRole.Button, new() { Name = "Senden" }).ClickAsync();
            await Expect(selam.Locator(".message.mine")).ToContainTextAsync("bis Dienstag");
            await Screens.CheckAsync(selam, "match-accepted");
            var association = Steps.IdIn(await selam.GetByRole(AriaRole.Link, new() { Name = "Alle Anfragen" }).GetAttributeAsync("href") ?? "", "associations");
            await selam.GotoAsync($"/associations/{association}/bookings?view=month&date={newcomer.Tuesday:yyyy-MM-dd}");
            await Expect(selam.Locator(".calendar-day").Filter(new() { HasText = newcomer.Association })).ToHaveCountAsync(1);
            await Screens.CheckAsync(selam, "bookings-month");
            return true;
        });

        await newcomerPage.GotoAsync(matchUrl);
        await Expect(newcomerPage.Locator(".message").Filter(new() { HasNotText = "Eingang" }).Last).ToContainTextAsync("bis Dienstag");
    }
}
