using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ResourceShare.Web.Tests.Browser;

/// <summary>How a person works a form: with the mouse (and typing), or with the keyboard alone.</summary>
public interface IFormDriver
{
    IPage Page { get; }

    Task FillAsync(string label, string value, ILocator? within = null);

    Task SelectAsync(string label, string option, ILocator? within = null);

    Task CheckAsync(string label);

    Task ChooseAsync(string label);

    Task PressAsync(string button);

    Task FollowAsync(string link);
}

public sealed class MouseDriver(IPage page) : IFormDriver
{
    public IPage Page => page;

    public Task FillAsync(string label, string value, ILocator? within = null) => Scope(within).GetByLabel(Label(label)).FillAsync(value);

    public async Task SelectAsync(string label, string option, ILocator? within = null) =>
        await Scope(within).GetByLabel(Label(label)).SelectOptionAsync(new SelectOptionValue { Label = option });

    public Task CheckAsync(string label) => page.GetByLabel(Label(label)).CheckAsync();

    public Task ChooseAsync(string label) => page.GetByLabel(Label(label)).CheckAsync();

    public Task PressAsync(string button) => page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

    public Task FollowAsync(string link) => page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();

    private ILocator Scope(ILocator? within) => within ?? page.Locator("body");

    // A label's text ends with the required mark (hidden from screen readers) where the field is required.
    private static Regex Label(string text) => new("^\\s*" + Regex.Escape(text) + "(\\s*\\*)?\\s*$");
}

/// <summary>
/// Reaches every control with Tab (so the focus order must lead there) and works it with keys only: typing,
/// Space for check boxes, arrow keys for radio buttons and options, Enter for buttons and links.
/// </summary>
public sealed class KeyboardDriver(IPage page) : IFormDriver
{
    private const int MaxTabs = 250;

    // The accessible name as a person hears it: the label (without the required mark) or the element's own text.
    private const string FocusedName = """
        () => {
            const e = document.activeElement;
            if (!e || e === document.body) return '';
            const group = e.closest('[role=group]');
            const text = (e.labels && e.labels.length ? e.labels[0].innerText : (e.getAttribute('aria-label') || e.innerText || ''))
                .replace(/\s*\*$/, '').trim();
            return (group ? group.getAttribute('aria-label') + ' / ' : '') + text;
        }
        """;

    public IPage Page => page;

    public async Task FillAsync(string label, string value, ILocator? within = null)
    {
        await TabToAsync(await NameAsync(label, within));
        var type = await page.EvaluateAsync<string>("() => document.activeElement.type");
        if (type is "date")
        {
            await TypeDateAsync(DateOnly.ParseExact(value, "yyyy-MM-dd"), value);
            return;
        }

        if (type is "time")
        {
            // 24 hours in German; a browser that shows AM/PM takes 12-hour digits and the half of the day.
            var time = TimeOnly.ParseExact(value, "HH:mm");
            await TypeSegmentsAsync([time.ToString("HHmm"), time.ToString("hhmm") + (time.Hour >= 12 ? "P" : "A")], value, 3);
            return;
        }

        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync(value);
    }

    /// <summary>
    /// Chromium's date field takes the digits in the order of the browser's language: day first in German,
    /// month first in American English. Typed one way; if the field did not read it so, cleared with Backspace
    /// (Shift+Tab steps back through its parts) and typed the other way.
    /// </summary>
    private Task TypeDateAsync(DateOnly date, string iso) =>
        TypeSegmentsAsync([date.ToString("ddMMyyyy"), date.ToString("MMddyyyy")], iso, 3);

    private async Task TypeSegmentsAsync(string[] attempts, string expected, int segments)
    {
        foreach (var keys in attempts)
        {
            await page.Keyboard.TypeAsync(keys);
            if (await ValueAsync() == expected)
            {
                return;
            }

            // Back to the first part, clearing each on the way.
            for (var i = 0; i < segments; i++)
            {
                await page.Keyboard.PressAsync("Backspace");
                if (i < segments - 1)
                {
                    await page.Keyboard.PressAsync("Shift+Tab");
                }
            }
        }

        Assert.Equal(expected, await ValueAsync());
    }

    private Task<string> ValueAsync() => page.EvaluateAsync<string>("() => document.activeElement.value");

    public async Task SelectAsync(string label, string option, ILocator? within = null)
    {
        await TabToAsync(await NameAsync(label, within));
        for (var i = 0; i < 60; i++)
        {
            if (await page.EvaluateAsync<string>("() => document.activeElement.selectedOptions[0]?.text ?? ''") == option)
            {
                return;
            }

            await page.Keyboard.PressAsync("ArrowDown");
        }

        throw new InvalidOperationException($"No option '{option}' reached with the arrow keys in '{label}'.");
    }

    public async Task CheckAsync(string label)
    {
        await TabToAsync(label);
        await page.Keyboard.PressAsync("Space");
    }

    public async Task ChooseAsync(string label)
    {
        // Tab enters a radio group once; the arrow keys then move the choice within it.
        await TabToAsync(label, radio: true);
        for (var i = 0; i < 12 && await FocusedAsync() != label; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        Assert.Equal(label, await FocusedAsync());
    }

    public async Task PressAsync(string button)
    {
        await TabToAsync(button);
        await page.Keyboard.PressAsync("Enter");
    }

    public async Task FollowAsync(string link)
    {
        await TabToAsync(link);
        await page.Keyboard.PressAsync("Enter");
    }

    private async Task<string> NameAsync(string label, ILocator? within) =>
        within is null ? label : $"{await within.GetAttributeAsync("aria-label")} / {label}";

    private Task<string> FocusedAsync() => page.EvaluateAsync<string>(FocusedName).ContinueWith(t => t.Result.Split(" / ").Last());

    private async Task TabToAsync(string name, bool radio = false)
    {
        for (var i = 0; i < MaxTabs; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>(FocusedName);
            if (focused == name || focused.EndsWith(" / " + name) && !name.Contains(" / ")
                || (radio && await page.EvaluateAsync<bool>("() => document.activeElement.type === 'radio'") && await InSameGroupAsync(name)))
            {
                return;
            }
        }

        throw new InvalidOperationException($"'{name}' was not reached with Tab in {MaxTabs} steps on {page.Url}.");
    }

    private Task<bool> InSameGroupAsync(string label) => page.EvaluateAsync<bool>(
        "label => [...document.getElementsByName(document.activeElement.name)].some(r => r.labels[0]?.innerText.trim() === label)", label);
}
