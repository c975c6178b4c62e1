using Microsoft.Playwright;
using ResourceShare.Web.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace ResourceShare.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class WebhookSettingsTests(WebApp app)
{
    [Fact]
    public async Task An_owner_adds_a_webhook_sees_its_secret_once_disables_and_deletes_it()
    {
        var owner = await app.NewPageAsync();
        await Steps.SignInAsync(owner, Steps.DemoOwnerEmail, Steps.DemoOwnerPassword);
        await owner.GetByRole(AriaRole.Link, new() { Name = "Verein verwalten" }).First.ClickAsync();
        await owner.WaitForURLAsync("**/manage");
        var url = $"https://93.184.216.34/resourceshare/{Guid.NewGuid():N}";

        await owner.Locator("#f-url").FillAsync("http://93.184.216.34/plain");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Webhook anlegen" }).ClickAsync();
        await Expect(owner.GetByText("Webhooks werden nur über https gesendet.").First).ToBeVisibleAsync();
        await owner.Locator("#f-url").FillAsync(url);
        await owner.GetByRole(AriaRole.Button, new() { Name = "Webhook anlegen" }).ClickAsync();

        await Expect(owner.Locator(".secret").Filter(new() { HasText = "whsec_" })).ToHaveCountAsync(1);
        var row = owner.Locator("tr").Filter(new() { HasText = url });
        await Expect(row).ToContainTextAsync("proposal_received");
        await Expect(row).ToContainTextAsync("aktiv");
        await row.GetByRole(AriaRole.Button, new() { Name = "Abschalten" }).ClickAsync();
        await Expect(owner.Locator("tr").Filter(new() { HasText = url })).ToContainTextAsync("abgeschaltet");
        await owner.ReloadAsync();
        await Expect(owner.Locator(".secret").Filter(new() { HasText = "whsec_" })).ToHaveCountAsync(0);
        await owner.Locator("tr").Filter(new() { HasText = url }).GetByRole(AriaRole.Button, new() { Name = $"Webhook {url} löschen" }).ClickAsync();
        await Expect(owner.Locator("tr").Filter(new() { HasText = url })).ToHaveCountAsync(0);
        await owner.Context.CloseAsync();
    }
}
