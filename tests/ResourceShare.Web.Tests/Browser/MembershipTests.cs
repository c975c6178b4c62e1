using Microsoft.Playwright;
using ResourceShare.Web.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace ResourceShare.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class MembershipTests(WebApp app)
{
    [Fact]
    public async Task An_owner_adds_a_registered_person_changes_the_role_and_removes_them()
    {
        var helper = await app.NewPageAsync();
        var email = Steps.UniqueEmail("helper");
        await Steps.RegisterAsync(helper, "Hana Helper", email, "Ein langes Passwort 2026!");
        var owner = await app.NewPageAsync();
        await Steps.SignInAsync(owner, Steps.DemoOwnerEmail, Steps.DemoOwnerPassword);
        await owner.GetByRole(AriaRole.Link, new() { Name = "Verein verwalten" }).First.ClickAsync();
        await owner.WaitForURLAsync("**/manage");

        await owner.Locator("#f-email").FillAsync(email);
        await owner.GetByLabel("Rolle", new() { Exact = true }).SelectOptionAsync("member");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Hinzufügen" }).ClickAsync();
        var row = owner.Locator("tr").Filter(new() { HasText = email });
        await Expect(row).ToHaveCountAsync(1);
        await row.GetByLabel("Rolle von Hana Helper").SelectOptionAsync("coordinator");
        await owner.RunAndWaitForRequestFinishedAsync(
            () => row.GetByRole(AriaRole.Button, new() { Name = "Ändern" }).ClickAsync(),
            new() { Predicate = request => request.Method == "POST" });
        await owner.ReloadAsync();
        await Expect(owner.Locator("tr").Filter(new() { HasText = email }).GetByLabel("Rolle von Hana Helper")).ToHaveValueAsync("coordinator");

        await helper.GotoAsync("/me");
        await Expect(helper.GetByText("Ihre Rolle: Koordination")).ToBeVisibleAsync();

        await owner.Locator("tr").Filter(new() { HasText = email }).GetByRole(AriaRole.Button, new() { Name = "Hana Helper entfernen" }).ClickAsync();
        await Expect(owner.Locator("tr").Filter(new() { HasText = email })).ToHaveCountAsync(0);
        await helper.GotoAsync("/me");
        await Expect(helper.GetByText("Sie gehören noch zu keinem Verein.")).ToBeVisibleAsync();
        await owner.Context.CloseAsync();
        await helper.Context.CloseAsync();
    }
}
