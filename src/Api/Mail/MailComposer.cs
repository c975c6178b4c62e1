using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ResourceShare.Api.Http;
using ResourceShare.Api.Listings;
using ResourceShare.Api.Notifications;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Mail;

namespace ResourceShare.Api.Mail;

/// <summary>
/// Writes mails with the inbox's texts (NotificationTexts), in German for people whose language is German or neither
/// German nor English (the product's first language), otherwise in English. The HTML part encodes every text that
/// comes from people (names, titles, reasons), and marks it dir="auto" so that Arabic or Farsi runs right to left.
/// </summary>
public sealed class MailComposer(UnsubscribeTokens tokens, StillCurrentTokens stillCurrent, IOptions<MailOptions> options) : IMailComposer
{
    private static readonly UserText Greeting = new("Hello {0},", "Hallo {0},");
    private static readonly UserText Open = new("Open ResourceShare", "ResourceShare öffnen");
    private static readonly UserText DigestSubject = new("Your daily digest of {0}: {1} notifications", "Ihre Tagesübersicht vom {0}: {1} Benachrichtigungen");
    private static readonly UserText DigestIntro = new("This is what happened for your associations:", "Das ist für Ihre Vereine geschehen:");
    private static readonly UserText WhyEvent = new(
        "You get this mail because you manage {0} on ResourceShare and chose to hear of “{1}” at once.",
        "Sie erhalten diese Mail, weil Sie {0} bei ResourceShare verwalten und über „{1}“ sofort informiert werden möchten.");
    private static readonly UserText WhyDigest = new(
        "You get this digest because you manage associations on ResourceShare and chose to hear of these events once a day.",
        "Sie erhalten diese Übersicht, weil Sie Vereine bei ResourceShare verwalten und über diese Ereignisse einmal am Tag informiert werden möchten.");
    private static readonly UserText WhySearch = new(
        "You get this mail because you saved the search “{0}” in {1} on ResourceShare and chose to hear of its new listings by email.",
        "Sie erhalten diese Mail, weil Sie die Suche „{0}“ in {1} bei ResourceShare gespeichert haben und über neue Anzeigen per Mail informiert werden möchten.");
    private static readonly UserText StopEvent = new("No more mails of this kind", "Keine Mails dieser Art mehr");
    private static readonly UserText StopDigest = new("No more daily digests", "Keine Tagesübersicht mehr");
    private static readonly UserText StillCurrent = new(
        "Still current? One click keeps it published for another {0} days",
        "Noch aktuell? Ein Klick hält sie weitere {0} Tage veröffentlicht");
    private static readonly UserText DayFormat = new("d MMMM yyyy", "d. MMMM yyyy");
    private static readonly UserText TimeFormat = new("d MMM, HH:mm", "d. MMM, HH:mm");

    public static CultureInfo CultureOf(string preferredLanguage) =>
        CultureInfo.GetCultureInfo(preferredLanguage.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "de");

    public ComposedMail Compose(MailToSend mail)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureOf(mail.To.PreferredLanguage);
        try
        {
            return mail.DigestDay is { } day ? Digest(mail, day) : Single(mail, mail.Events[0]);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    private ComposedMail Single(MailToSend mail, MailEvent e)
    {
        var (title, text) = Render(e);
        var unsubscribe = UnsubscribeUrl(mail.To.UserId, EnumText<NotificationKind>.TryParse(e.Kind, out var kind) ? kind : null);
        var why = kind == NotificationKind.SavedSearchMatched
            ? WhySearch.Format(SearchName(e), e.AssociationName)
            : WhyEvent.Format(e.AssociationName, title);
        var action = ActionOf(e);
        var plain = new StringBuilder()
            .AppendLine(Greeting.Format(mail.To.DisplayName)).AppendLine()
            .AppendLine($"{e.AssociationName} – {title}").AppendLine(text).AppendLine();
        if (action is { } a)
        {
            plain.AppendLine($"{a.Label}: {a.Url}").AppendLine();
        }

        plain.AppendLine($"{Open}: {BaseUrl}/").AppendLine()
            .AppendLine("-- ").AppendLine(why).AppendLine($"{StopEvent}: {unsubscribe}");
        var html = Page(title, mail.To.DisplayName,
            $"<h1 dir=\"auto\">{Encode(e.AssociationName)} – {Encode(title)}</h1>\n<p dir=\"auto\">{Encode(text)}</p>{ActionHtml(action)}",
            why, StopEvent.ToString(), unsubscribe);
        return new ComposedMail($"{title} – {e.AssociationName}", plain.ToString(), html, unsubscribe);
    }

    private ComposedMail Digest(MailToSend mail, DateOnly day)
    {
        var date = day.ToString(DayFormat.ToString(), CultureInfo.CurrentCulture);
        var subject = DigestSubject.Format(date, mail.Events.Count);
        var unsubscribe = UnsubscribeUrl(mail.To.UserId, null);
        var plain = new StringBuilder().AppendLine(Greeting.Format(mail.To.DisplayName)).AppendLine().AppendLine(DigestIntro.ToString()).AppendLine();
        var items = new StringBuilder();
        foreach (var e in mail.Events)
        {
            var (title, text) = Render(e);
            var at = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(e.CreatedAt, DateTimeKind.Utc), Schedules.Berlin)
                .ToString(TimeFormat.ToString(), CultureInfo.CurrentCulture);
            var action = ActionOf(e);
            plain.AppendLine($"* {at} · {e.AssociationName} – {title}").AppendLine($"  {text}");
            if (action is { } a)
            {
                plain.AppendLine($"  {a.Label}: {a.Url}");
            }

            plain.AppendLine();
            items.Append(CultureInfo.InvariantCulture,
                $"<li><p dir=\"auto\"><strong>{Encode(at)} · {Encode(e.AssociationName)} – {Encode(title)}</strong><br>\n{Encode(text)}</p>{ActionHtml(action)}</li>\n");
        }

        plain.AppendLine($"{Open}: {BaseUrl}/").AppendLine()
            .AppendLine("-- ").AppendLine(WhyDigest.ToString()).AppendLine($"{StopDigest}: {unsubscribe}");
        var html = Page(subject, mail.To.DisplayName, $"<p>{Encode(DigestIntro.ToString())}</p>\n<ul>\n{items}</ul>",
            WhyDigest.ToString(), StopDigest.ToString(), unsubscribe);
        return new ComposedMail(subject, plain.ToString(), html, unsubscribe);
    }

    private string Page(string title, string name, string content, string why, string stop, string unsubscribe) => $"""
        <!DOCTYPE html>
        <html lang="{CultureInfo.CurrentUICulture.TwoLetterISOLanguageName}">
        <head><meta charset="utf-8"><title>{Encode(title)}</title></head>
        <body>
        <p dir="auto">{Encode(Greeting.Format(name))}</p>
        {content}
        <p><a href="{Encode(BaseUrl)}/">{Encode(Open.ToString())}</a></p>
        <hr>
        <p dir="auto"><small>{Encode(why)} <a href="{Encode(unsubscribe)}">{Encode(stop)}</a></small></p>
        </body>
        </html>
        """;

    private static (string Title, string Text) Render(MailEvent e)
    {
        using var data = JsonDocument.Parse(e.Data);
        return NotificationTexts.Render(e.Kind, data.RootElement);
    }

    private static string SearchName(MailEvent e)
    {
        using var data = JsonDocument.Parse(e.Data);
        return data.RootElement.TryGetProperty("savedSearchName", out var name) ? name.GetString() ?? "" : "";
    }

    /// <summary>
    /// What a reader can do from the mail itself: an expiry reminder carries its "still current" link, bound to the
    /// listing and the validUntil it reminds of.
    /// </summary>
    private (string Label, string Url)? ActionOf(MailEvent e)
    {
        if (e.Kind != EnumText<NotificationKind>.Of(NotificationKind.ListingExpiring) || e.ListingId is not { } listingId)
        {
            return null;
        }

        using var data = JsonDocument.Parse(e.Data);
        if (!data.RootElement.TryGetProperty("validUntil", out var value) || !value.TryGetDateTimeOffset(out var validUntil))
        {
            return null;
        }

        var token = stillCurrent.For(new StillCurrentScope(listingId, validUntil));
        return (StillCurrent.Format(ListingRules.ExtensionDays), $"{BaseUrl}/api/v1/listings/still-current?token={Uri.EscapeDataString(token)}");
    }

    private static string ActionHtml((string Label, string Url)? action) =>
        action is { } a ? $"\n<p><a href=\"{Encode(a.Url)}\">{Encode(a.Label)}</a></p>" : "";

    private string BaseUrl => options.Value.BaseUrl.TrimEnd('/');

    private string UnsubscribeUrl(Guid userId, NotificationKind? kind) =>
        $"{BaseUrl}/api/v1/mail/unsubscribe?token={Uri.EscapeDataString(tokens.For(new UnsubscribeScope(userId, kind)))}";

    private static string Encode(string text) => Html.Encode(text);
}
