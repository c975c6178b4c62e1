using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ResourceShare.Web.Tests.Browser;

/// <summary>What a person does in the browser, step by step, as the journeys need it.</summary>
public static partial class Steps
{
    public const string DemoOwnerEmail = "selam@demo.resourceshare.example";
    public const string DemoOwnerPassword = "Demo-Selam-2026!";
    public const string DemoOwnerAssociation = "Eritreischer Kulturverein Frankfurt";
    public const string ModeratorEmail = "moderator@demo.resourceshare.example";
    public const string ModeratorPassword = "Demo-Moderator-2026!";

    public static string UniqueEmail(string who) => $"{who}.{Guid.NewGuid():N}@example.org";

    public static async Task RegisterAsync(IPage page, string name, string email, string password)
    {
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Ihr Name").FillAsync(name);
        await page.GetByLabel("E-Mail-Adresse").FillAsync(email);
        await page.GetByLabel("Passwort").FillAsync(password);
        await page.GetByLabel(Words.De.AcceptTerms).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Konto anlegen" }).ClickAsync();
        await page.WaitForURLAsync("**/me");
    }

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/signin");
        await page.GetByLabel("E-Mail-Adresse").FillAsync(email);
        await page.GetByLabel("Passwort").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
        await page.WaitForURLAsync("**/me");
    }

    public static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Abmelden" }).First.ClickAsync();
        await page.WaitForURLAsync("**/account/signout");
    }

    /// <summary>Runs a journey; when it fails, what the page showed is kept in the test results (failures/NAME.*).</summary>
    public static async Task<T> KeepFailureAsync<T>(IPage page, string name, Func<Task<T>> journey)
    {
        try
        {
            return await journey();
        }
        catch
        {
            var folder = Fixtures.Repository.Results("failures");
            await File.WriteAllTextAsync(Path.Combine(folder, name + ".html"), await page.ContentAsync());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true, Timeout = 5000 });
            throw;
        }
    }

    /// <summary>The id in a URL such as /associations/{id}/manage.</summary>
    public static Guid IdIn(string url, string after) =>
        Guid.Parse(Regex.Match(url, after + "/([0-9a-f-]{36})").Groups[1].Value);
}
