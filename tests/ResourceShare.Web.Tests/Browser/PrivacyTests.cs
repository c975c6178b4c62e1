using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Npgsql;
using ResourceShare.Web.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace ResourceShare.Web.Tests.Browser;

/// <summary>What the GDPR gives people, in the browser: a copy of their data, erasure, dissolving, the terms they accepted.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PrivacyTests(WebApp app)
{
    private const string Password = "Ein langes Passwort 2026!";

    [Fact]
    public async Task A_newcomer_accepts_the_terms_takes_a_copy_of_their_data_and_deletes_the_account()
    {
        var page = await app.NewPageAsync();
        var email = Steps.UniqueEmail("erasure");
        await Steps.KeepFailureAsync(page, "privacy-erasure", async () =>
        {
            await page.GotoAsync("/account/register");
            await page.GetByLabel("Ihr Name").FillAsync("Rahel Erasure");
            await page.GetByLabel("E-Mail-Adresse").FillAsync(email);
            await page.GetByLabel("Passwort").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Konto anlegen" }).ClickAsync();
            await Expect(page.Locator("#f-acceptedTermsVersion-error")).ToHaveTextAsync("Bitte akzeptieren Sie die Nutzungsbedingungen und Datenschutzhinweise.");
            Assert.Equal("true", await page.GetByLabel(Words.De.AcceptTerms).GetAttributeAsync("aria-invalid"));
            await Screens.CheckAsync(page, "register-terms-missing");
            await page.GetByLabel("Passwort").FillAsync(Password);
            await page.GetByLabel(Words.De.AcceptTerms).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Konto anlegen" }).ClickAsync();
            await page.WaitForURLAsync("**/me");

            var current = await CurrentTermsAsync();
            await Expect(page.GetByText($"Sie haben die Nutzungsbedingungen und Datenschutzhinweise in der Fassung {current} am")).ToBeVisibleAsync();
            var export = await DownloadAsync(page, "Meine Daten herunterladen (JSON)", "resourceshare-me-");
            Assert.Equal(email, export.GetProperty("profile").GetProperty("email").GetString());
            Assert.Equal(current, export.GetProperty("profile").GetProperty("acceptedTermsVersion").GetString());

            await page.GetByRole(AriaRole.Link, new() { Name = "Konto löschen" }).ClickAsync();
            await page.WaitForURLAsync("**/account/delete");
            await page.GetByLabel("Ihr Passwort zur Bestätigung").FillAsync("nicht mein Passwort");
            await page.GetByRole(AriaRole.Button, new() { Name = "Konto endgültig löschen" }).ClickAsync();
            await Expect(page.Locator("#f-password-error")).ToHaveTextAsync("Das Passwort ist falsch.");
            await page.GetByLabel("Ihr Passwort zur Bestätigung").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Konto endgültig löschen" }).ClickAsync();
            await page.WaitForURLAsync("**/account/delete?done=true");
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Ihr Konto ist gelöscht. Sie sind abgemeldet.");
            await Screens.CheckAsync(page, "account-deleted");

            await CannotSignInAsync(page, email);
            return true;
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_last_owner_is_sent_to_hand_over_or_dissolve_and_after_dissolving_deletes_the_account()
    {
        var page = await app.NewPageAsync();
        var email = Steps.UniqueEmail("last-owner");
        var association = "Afghanischer Frauenverein " + Guid.NewGuid().ToString("N")[..6];
        await Steps.KeepFailureAsync(page, "privacy-last-owner", async () =>
        {
            await Steps.RegisterAsync(page, "Mariam Owner", email, Password);
            var associationId = await AddAssociationAsync(page, association);

            var export = await DownloadAsync(page, "Daten des Vereins herunterladen (JSON)", $"resourceshare-association-{associationId}-");
            Assert.Equal(association, export.GetProperty("association").GetProperty("name").GetString());
            Assert.Equal([email], export.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("email").GetString()));

            await page.GotoAsync("/account/delete");
            await page.GetByLabel("Ihr Passwort zur Bestätigung").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Konto endgültig löschen" }).ClickAsync();
            var lastOwner = page.Locator("#last-owner");
            await Expect(lastOwner).ToContainTextAsync(association);
            Assert.Equal($"/associations/{associationId}/manage#members-heading",
                await lastOwner.GetByRole(AriaRole.Link, new() { Name = $"Leitung von {association} übergeben" }).GetAttributeAsync("href"));
            await Screens.CheckAsync(page, "account-delete-last-owner");

            await lastOwner.GetByRole(AriaRole.Link, new() { Name = $"{association} auflösen" }).ClickAsync();
            await page.WaitForURLAsync($"**/associations/{associationId}/dissolve");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{association} auflösen" })).ToBeVisibleAsync();
            await Screens.CheckAsync(page, "association-dissolve-confirm");
            await page.GetByLabel("Ihr Passwort zur Bestätigung").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Verein endgültig auflösen" }).ClickAsync();
            await page.WaitForURLAsync("**/me?dissolved=true");
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Der Verein ist aufgelöst.");
            await Expect(page.GetByText("Sie gehören noch zu keinem Verein.")).ToBeVisibleAsync();
            Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync($"{app.ApiUrl}/api/v1/associations/{associationId}")).StatusCode);

            await page.GotoAsync("/account/delete");
            await page.GetByLabel("Ihr Passwort zur Bestätigung").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Konto endgültig löschen" }).ClickAsync();
            await page.WaitForURLAsync("**/account/delete?done=true");

            await CannotSignInAsync(page, email);
            return true;
        });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_person_who_accepted_an_older_version_of_the_terms_is_asked_and_accepts_the_current_one()
    {
        var page = await app.NewPageAsync();
        var email = Steps.UniqueEmail("terms");
        await Steps.KeepFailureAsync(page, "privacy-terms", async () =>
        {
            await Steps.RegisterAsync(page, "Yonas Terms", email, Password);
            var demoAssociation = (await app.Http.GetFromJsonAsync<JsonElement>($"{app.ApiUrl}/api/v1/associations?q=Eritreischer%20Kulturverein"))
                .GetProperty("items")[0].GetProperty("id").GetGuid();
            Assert.Equal((int)HttpStatusCode.Forbidden, (await page.GotoAsync($"/associations/{demoAssociation}/export.json"))!.Status);
            await page.GotoAsync("/me");
            await SqlAsync("UPDATE app_user SET accepted_terms_version = '2025-01' WHERE lower(email) = lower(@email) RETURNING accepted_terms_version", email);

            var current = await CurrentTermsAsync();
            await page.ReloadAsync();
            await Expect(page.GetByText($"Es gibt eine neue Fassung der Nutzungsbedingungen und Datenschutzhinweise: {current}.")).ToBeVisibleAsync();
            await Expect(page.GetByText("Sie haben die Fassung 2025-01 angenommen.")).ToBeVisibleAsync();
            await Screens.CheckAsync(page, "terms-new-version");

            await page.GetByRole(AriaRole.Button, new() { Name = $"Fassung {current} annehmen" }).ClickAsync();

            await Expect(page.GetByText($"Sie haben die Nutzungsbedingungen und Datenschutzhinweise in der Fassung {current} am")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Fassung {current} annehmen" })).ToHaveCountAsync(0);
            Assert.Equal(current, await SqlAsync("SELECT accepted_terms_version FROM app_user WHERE lower(email) = lower(@email)", email));

            return true;
        });
        await page.Context.CloseAsync();
    }

    /// <summary>A statement about one person's account in the app's database, as its schema owner.</summary>
    private async Task<string?> SqlAsync(string sql, string email)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        command.Parameters.AddWithValue("email", email);
        return (string?)await command.ExecuteScalarAsync();
    }

    private async Task<string> CurrentTermsAsync() =>
        (await app.Http.GetFromJsonAsync<JsonElement>($"{app.ApiUrl}/api/v1/terms")).GetProperty("currentVersion").GetString()!;

    private static async Task<JsonElement> DownloadAsync(IPage page, string link, string fileNameStart)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync());
        Assert.StartsWith(fileNameStart, download.SuggestedFilename);
        Assert.EndsWith(".json", download.SuggestedFilename);
        await using var file = File.OpenRead(await download.PathAsync());
        return await JsonSerializer.DeserializeAsync<JsonElement>(file);
    }

    private static async Task<Guid> AddAssociationAsync(IPage page, string name)
    {
        await page.GotoAsync("/associations/new");
        await page.GetByLabel("Name des Vereins").FillAsync(name);
        await page.GetByLabel("Registergericht").FillAsync("Amtsgericht Gießen");
        await page.GetByLabel("Registernummer").FillAsync("VR " + Random.Shared.Next(10000, 99999));
        await page.GetByLabel("Postleitzahl").FillAsync("35390");
        await page.GetByLabel("Ort").FillAsync("Gießen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verein eintragen" }).ClickAsync();
        await page.WaitForURLAsync("**/manage?created=true");
        return Steps.IdIn(page.Url, "associations");
    }

    private static async Task CannotSignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/signin");
        await page.GetByLabel("E-Mail-Adresse").FillAsync(email);
        await page.GetByLabel("Passwort").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
        await Expect(page.Locator(".problem")).ToBeVisibleAsync();
        Assert.Matches(new Regex("/account/signin"), page.Url);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Mein Bereich" })).ToHaveCountAsync(0);
    }
}
