using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using ResourceShare.Web.Tests.Fixtures;

namespace ResourceShare.Web.Tests.Browser;

/// <summary>
/// What every screen goes through: no request of its browser session has left the app's origin, axe-core finds no
/// serious or critical violation, and screenshots at 1280 and 390 px.
/// </summary>
public static class Screens
{
    public static readonly int[] Widths = [1280, 390];

    public static async Task CheckAsync(IPage page, string name)
    {
        Assert.True(WebApp.RequestsLeavingOrigin(page.Context).Count == 0,
            $"{name}: requests left the app's origin:\n" + string.Join('\n', WebApp.RequestsLeavingOrigin(page.Context)));
        await AssertAccessibleAsync(page, name);
        await CaptureAsync(page, name);
    }

    public static async Task AssertAccessibleAsync(IPage page, string name)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{name} ({page.Url}) has accessibility violations:\n" + string.Join('\n', serious.Select(v =>
            $"- {v.Impact} {v.Id}: {v.Help}\n    " + string.Join("\n    ", v.Nodes.Take(5).Select(n => n.Html)))));
    }

    /// <summary>Full-page screenshots at each width, into the test results' screens folder.</summary>
    public static async Task CaptureAsync(IPage page, string name)
    {
        var folder = Repository.Results("screens");
        var original = page.ViewportSize;
        foreach (var width in Widths)
        {
            await page.SetViewportSizeAsync(width, width < 600 ? 844 : 900);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = true });
        }

        if (original is not null)
        {
            await page.SetViewportSizeAsync(original.Width, original.Height);
        }
    }
}
