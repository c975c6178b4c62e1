using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ResourceShare.Api.Http;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Notifications;

/// <summary>
/// The title and text of every notification kind in English and German, filled from the entry's data. In a
/// template, {key} stands for the data's value, and a part in [brackets] appears only when every key in it has
/// a value: an entry that lacks a key (written by an older version, or by an event that does not know it) still
/// reads as a sentence.
/// </summary>
public static partial class NotificationTexts
{
    public static IReadOnlyDictionary<NotificationKind, (UserText Title, UserText Text)> Templates { get; } = new Dictionary<NotificationKind, (UserText, UserText)>
    {
        [NotificationKind.ProposalReceived] = (
            new("New proposal", "Neuer Vorschlag"),
            new("A proposal[ from {counterpartName}][ of the offer “{offerTitle}”][ for the request “{requestTitle}”] is waiting for your answer.",
                "Ein Vorschlag[ von {counterpartName}][ zum Angebot „{offerTitle}“][ für die Anfrage „{requestTitle}“] wartet auf Ihre Antwort.")),
        [NotificationKind.ProposalAccepted] = (
            new("Proposal accepted", "Vorschlag angenommen"),
            new("Your proposal[ of the offer “{offerTitle}”][ for the request “{requestTitle}”] was accepted[ by {counterpartName}]; the booking is confirmed.",
                "Ihr Vorschlag[ zum Angebot „{offerTitle}“][ für die Anfrage „{requestTitle}“] wurde[ von {counterpartName}] angenommen; die Buchung ist bestätigt.")),
        [NotificationKind.ProposalDeclined] = (
            new("Proposal declined", "Vorschlag abgelehnt"),
            new("Your proposal[ of the offer “{offerTitle}”][ for the request “{requestTitle}”] was declined[ by {counterpartName}].[ Reason: {reason}]",
                "Ihr Vorschlag[ zum Angebot „{offerTitle}“][ für die Anfrage „{requestTitle}“] wurde[ von {counterpartName}] abgelehnt.[ Begründung: {reason}]")),
        [NotificationKind.ProposalWithdrawn] = (
            new("Proposal withdrawn", "Vorschlag zurückgezogen"),
            new("The proposal[ of the offer “{offerTitle}”][ for the request “{requestTitle}”] was withdrawn[ by {counterpartName}].",
                "Der Vorschlag[ zum Angebot „{offerTitle}“][ für die Anfrage „{requestTitle}“] wurde[ von {counterpartName}] zurückgezogen.")),
        [NotificationKind.MatchCancelled] = (
            new("Booking cancelled", "Buchung abgesagt"),
            new("The booking[ of the offer “{offerTitle}”][ for the request “{requestTitle}”] was cancelled[ by {counterpartName}].[ Reason: {reason}]",
                "Die Buchung[ des Angebots „{offerTitle}“][ für die Anfrage „{requestTitle}“] wurde[ von {counterpartName}] abgesagt.[ Begründung: {reason}]")),
        [NotificationKind.MessageReceived] = (
            new("New message", "Neue Nachricht"),
            new("A new message[ from {counterpartName}] on your match[ about the offer “{offerTitle}”].",
                "Eine neue Nachricht[ von {counterpartName}] zu Ihrer Vermittlung[ zum Angebot „{offerTitle}“].")),
        [NotificationKind.FeedbackReceived] = (
            new("New feedback", "Neue Bewertung"),
            new("Your association was rated[ by {counterpartName}][: {rating} of 5].",
                "Ihr Verein wurde[ von {counterpartName}] bewertet[: {rating} von 5].")),
        [NotificationKind.BookingTomorrow] = (
            new("Booking tomorrow", "Buchung morgen"),
            new("Your booking[ of the offer “{offerTitle}”][ with {counterpartName}] begins within 24 hours[, at {startsAt}].",
                "Ihre Buchung[ des Angebots „{offerTitle}“][ mit {counterpartName}] beginnt in den nächsten 24 Stunden[, um {startsAt}].")),
        [NotificationKind.ListingExpiring] = (
            new("Listing expires soon", "Anzeige läuft bald ab"),
            new("Your listing[ “{listingTitle}”] expires within 7 days[, on {validUntil}]. If it is still current, say so to keep it published.",
                "Ihre Anzeige[ „{listingTitle}“] läuft in den nächsten 7 Tagen ab[, am {validUntil}]. Ist sie noch aktuell, bestätigen Sie das, damit sie veröffentlicht bleibt.")),
        [NotificationKind.RequestMatchesOffer] = (
            new("A new request matches your offer", "Eine neue Anfrage passt zu Ihrem Angebot"),
            new("The new request[ “{listingTitle}”][ from {counterpartName}] matches your offer[ “{offerTitle}”][ (score {score} of 100)].",
                "Die neue Anfrage[ „{listingTitle}“][ von {counterpartName}] passt zu Ihrem Angebot[ „{offerTitle}“][ (Punktzahl {score} von 100)].")),
        [NotificationKind.OfferMatchesRequest] = (
            new("A new offer matches your request", "Ein neues Angebot passt zu Ihrer Anfrage"),
            new("The new offer[ “{listingTitle}”][ from {counterpartName}] matches your request[ “{requestTitle}”][ (score {score} of 100)].",
                "Das neue Angebot[ „{listingTitle}“][ von {counterpartName}] passt zu Ihrer Anfrage[ „{requestTitle}“][ (Punktzahl {score} von 100)].")),
        [NotificationKind.ListingApproved] = (
            new("Listing approved", "Anzeige freigegeben"),
            new("Your listing[ “{listingTitle}”] was approved by the moderators and is published.",
                "Ihre Anzeige[ „{listingTitle}“] wurde von der Moderation freigegeben und ist veröffentlicht.")),
        [NotificationKind.ListingRejected] = (
            new("Listing rejected", "Anzeige abgelehnt"),
            new("Your listing[ “{listingTitle}”] was rejected by the moderators.[ Reason: {reason}]",
                "Ihre Anzeige[ „{listingTitle}“] wurde von der Moderation abgelehnt.[ Begründung: {reason}]")),
        [NotificationKind.ListingRemoved] = (
            new("Listing removed", "Anzeige entfernt"),
            new("Your listing[ “{listingTitle}”] was removed by the moderators.[ Reason: {reason}]",
                "Ihre Anzeige[ „{listingTitle}“] wurde von der Moderation entfernt.[ Begründung: {reason}]")),
        [NotificationKind.ListingRestored] = (
            new("Listing restored", "Anzeige wiederhergestellt"),
            new("Your listing[ “{listingTitle}”] was restored by the moderators.[ Reason: {reason}]",
                "Ihre Anzeige[ „{listingTitle}“] wurde von der Moderation wiederhergestellt.[ Begründung: {reason}]")),
        [NotificationKind.AssociationVerified] = (
            new("Association verified", "Verein verifiziert"),
            new("Your association[ “{associationName}”] is verified: its listings are published without review from now on.",
                "Ihr Verein[ „{associationName}“] ist verifiziert: seine Anzeigen werden ab jetzt ohne Prüfung veröffentlicht.")),
        [NotificationKind.AssociationSuspended] = (
            new("Association suspended", "Verein gesperrt"),
            new("Your association[ “{associationName}”] was suspended by the moderators: its listings are hidden and it can make no proposals until it is reinstated.[ Reason: {reason}]",
                "Ihr Verein[ „{associationName}“] wurde von der Moderation gesperrt: seine Anzeigen sind verborgen, und er kann bis zur Aufhebung keine Vorschläge machen.[ Begründung: {reason}]")),
        [NotificationKind.AssociationReinstated] = (
            new("Suspension lifted", "Sperre aufgehoben"),
            new("The suspension of your association[ “{associationName}”] was lifted; its listings are visible again.[ Reason: {reason}]",
                "Die Sperre Ihres Vereins[ „{associationName}“] wurde aufgehoben; seine Anzeigen sind wieder sichtbar.[ Begründung: {reason}]")),
        [NotificationKind.ReportDecided] = (
            new("Your report was decided", "Ihre Meldung wurde entschieden"),
            new("The moderators decided on your report[ about the listing “{listingTitle}”][ about the association “{associationName}”].[ Reason: {reason}]",
                "Die Moderation hat über Ihre Meldung[ zur Anzeige „{listingTitle}“][ zum Verein „{associationName}“] entschieden.[ Begründung: {reason}]")),
        [NotificationKind.WebhookDisabled] = (
            new("Webhook disabled", "Webhook abgeschaltet"),
            new("Your webhook endpoint[ {webhookUrl}] was disabled: its deliveries kept failing[ ({failures} attempts in a row)]. Fix the receiver, " +
                "enable the endpoint again and replay the messages it missed.",
                "Ihr Webhook-Endpunkt[ {webhookUrl}] wurde abgeschaltet: seine Zustellungen schlugen immer wieder fehl[ ({failures} Versuche in Folge)]. " +
                "Beheben Sie den Fehler beim Empfänger, schalten Sie den Endpunkt wieder ein und stellen Sie die verpassten Nachrichten erneut zu.")),
        [NotificationKind.SavedSearchMatched] = (
            new("New listings[ for “{savedSearchName}”]", "Neue Anzeigen[ für „{savedSearchName}“]"),
            new("New published listings match your saved search[ “{savedSearchName}”][ ({count})].[ {listingTitles}]",
                "Neue veröffentlichte Anzeigen passen zu Ihrer gespeicherten Suche[ „{savedSearchName}“][ ({count})].[ {listingTitles}]")),
    };

    private static readonly UserText UnknownTitle = new("Notification", "Benachrichtigung");
    private static readonly UserText DateFormat = new("d MMMM yyyy", "d. MMMM yyyy");

    /// <summary>
    /// The title and text of an entry in the request's language. A kind this version does not know gets a
    /// generic title and no text, never an error.
    /// </summary>
    public static (string Title, string Text) Render(string kind, JsonElement data)
    {
        if (!EnumText<NotificationKind>.TryParse(kind, out var known) || !Templates.TryGetValue(known, out var template))
        {
            return (UnknownTitle.ToString(), "");
        }

        return (Fill(template.Title.ToString(), data), Fill(template.Text.ToString(), data));
    }

    /// <summary>Fills a template (see the class summary) with the values of the data object.</summary>
    public static string Fill(string template, JsonElement data) =>
        Part().Replace(template, part =>
        {
            if (part.Groups["key"].Success)
            {
                return Value(data, part.Groups["key"].Value) ?? "";
            }

            var keys = Placeholder().Matches(part.Groups["optional"].Value);
            return keys.All(k => Value(data, k.Groups["key"].Value) is not null)
                ? Placeholder().Replace(part.Groups["optional"].Value, k => Value(data, k.Groups["key"].Value)!)
                : "";
        });

    /// <summary>The data's value for <paramref name="key"/> as text, or null when it is missing, blank or not a plain value.</summary>
    private static string? Value(JsonElement data, string key)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty(key, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String when key == "validUntil" => DateOf(value.GetString()),
            JsonValueKind.String => string.IsNullOrWhiteSpace(value.GetString()) ? null : value.GetString()!.Trim(),
            JsonValueKind.Number when value.TryGetDecimal(out var number) => number.ToString("0.#", CultureInfo.CurrentCulture),
            _ => null,
        };
    }

    /// <summary>An instant as its calendar day in Berlin, where the associations are ("5 December 2026", "5. Dezember 2026").</summary>
    private static string? DateOf(string? instant) =>
        DateTimeOffset.TryParse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? Day(at) : null;

    /// <summary>An instant as its calendar day in Berlin, in the current culture.</summary>
    public static string Day(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Schedules.Berlin).ToString(DateFormat.ToString(), CultureInfo.CurrentCulture);

    [GeneratedRegex(@"\[(?<optional>[^\[\]]*)\]|\{(?<key>[A-Za-z]+)\}")]
    private static partial Regex Part();

    [GeneratedRegex(@"\{(?<key>[A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
