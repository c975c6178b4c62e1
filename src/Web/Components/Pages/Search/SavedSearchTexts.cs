using ResourceShare.Web.Api;
using ResourceShare.Web.ApiClient.Models;
using static ResourceShare.Web.Texts.Tr;

namespace ResourceShare.Web.Components.Pages.Search;

/// <summary>The words for a saved search's channel and rhythm, as options and as labels.</summary>
public static class SavedSearchTexts
{
    public static IReadOnlyList<(string Value, string Text)> Channels =>
        Wire.All<SaveSearchRequest_channel>().Select(c => (Wire.Of(c), Label(Wire.Of(c)))).ToList();

    public static IReadOnlyList<(string Value, string Text)> Rhythms =>
        Wire.All<SaveSearchRequest_rhythm>().Select(r => (Wire.Of(r), Label(Wire.Of(r)))).ToList();

    public static string Label(string? wire) => wire switch
    {
        "email" => T("per E-Mail an mich", "by email to me"),
        "webhook" => T("per Webhook an den Verein", "by webhook to the association"),
        "immediately" => T("sofort", "at once"),
        "daily" => T("einmal am Tag", "once a day"),
        "weekly" => T("einmal in der Woche", "once a week"),
        _ => wire ?? "",
    };
}
