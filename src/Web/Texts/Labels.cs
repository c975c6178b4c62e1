namespace ResourceShare.Web.Texts;

/// <summary>German and English names of the API's wire values (statuses, vocabularies, languages, detail fields).</summary>
public static class Labels
{
    private static readonly Dictionary<string, (string De, string En)> Names = new()
    {
        ["offer"] = ("Angebot", "Offer"),
        ["proposal_received"] = ("Neuer Vorschlag", "New proposal"),
        ["proposal_accepted"] = ("Vorschlag angenommen", "Proposal accepted"),
        ["proposal_declined"] = ("Vorschlag abgelehnt", "Proposal declined"),
        ["proposal_withdrawn"] = ("Vorschlag zurückgezogen", "Proposal withdrawn"),
        ["match_cancelled"] = ("Buchung abgesagt", "Booking cancelled"),
        ["message_received"] = ("Neue Nachricht", "New message"),
        ["feedback_received"] = ("Neue Bewertung", "New feedback"),
        ["booking_tomorrow"] = ("Buchung morgen", "Booking tomorrow"),
        ["listing_expiring"] = ("Anzeige läuft bald ab", "Listing expires soon"),
        ["request_matches_offer"] = ("Neue Anfrage passt zu Ihrem Angebot", "A new request matches your offer"),
        ["offer_matches_request"] = ("Neues Angebot passt zu Ihrer Anfrage", "A new offer matches your request"),
        ["listing_approved"] = ("Anzeige freigegeben", "Listing approved"),
        ["listing_rejected"] = ("Anzeige abgelehnt", "Listing rejected"),
        ["listing_removed"] = ("Anzeige entfernt", "Listing removed"),
        ["listing_restored"] = ("Anzeige wiederhergestellt", "Listing restored"),
        ["association_verified"] = ("Verein verifiziert", "Association verified"),
        ["association_suspended"] = ("Verein gesperrt", "Association suspended"),
        ["association_reinstated"] = ("Sperre aufgehoben", "Suspension lifted"),
        ["report_decided"] = ("Ihre Meldung wurde entschieden", "Your report was decided"),
        ["webhook_disabled"] = ("Webhook abgeschaltet", "Webhook disabled"),
        ["immediately"] = ("sofort", "at once"),
        ["daily_digest"] = ("in der Tagesübersicht", "in the daily digest"),
        ["off"] = ("keine Mail", "no mail"),
        ["pending"] = ("wird zugestellt", "being delivered"),
        ["delivered"] = ("zugestellt", "delivered"),
        ["dead"] = ("aufgegeben", "given up"),
        ["request"] = ("Gesuch", "Request"),
        ["draft"] = ("Entwurf", "Draft"),
        ["pending_review"] = ("wird geprüft", "awaiting review"),
        ["published"] = ("veröffentlicht", "published"),
        ["paused"] = ("pausiert", "paused"),
        ["closed"] = ("geschlossen", "closed"),
        ["expired"] = ("abgelaufen", "expired"),
        ["rejected"] = ("abgelehnt", "rejected"),
        ["removed"] = ("entfernt", "removed"),
        ["free"] = ("kostenlos", "free of charge"),
        ["cost_sharing"] = ("Kostenbeteiligung", "cost sharing"),
        ["exchange"] = ("Tausch", "exchange"),
        ["fulfilled"] = ("erfüllt", "fulfilled"),
        ["withdrawn"] = ("zurückgezogen", "withdrawn"),
        ["proposed"] = ("angefragt", "proposed"),
        ["accepted"] = ("angenommen", "accepted"),
        ["declined"] = ("abgelehnt", "declined"),
        ["cancelled"] = ("storniert", "cancelled"),
        ["completed"] = ("abgeschlossen", "completed"),
        ["confirmed"] = ("bestätigt", "confirmed"),
        ["owner"] = ("Leitung", "Owner"),
        ["coordinator"] = ("Koordination", "Coordinator"),
        ["member"] = ("Mitglied", "Member"),
        ["unverified"] = ("nicht verifiziert", "not verified"),
        ["verified"] = ("verifiziert", "verified"),
        ["suspended"] = ("gesperrt", "suspended"),
        ["provider"] = ("Wir bieten", "We provide"),
        ["requester"] = ("Wir nutzen", "We use"),
        ["wheelchair_accessible"] = ("rollstuhlgerecht", "wheelchair accessible"),
        ["accessible_toilet"] = ("barrierefreies WC", "accessible toilet"),
        ["kitchen"] = ("Küche", "kitchen"),
        ["projector"] = ("Beamer", "projector"),
        ["wifi"] = ("WLAN", "Wi-Fi"),
        ["childcare_corner"] = ("Spielecke für Kinder", "children's corner"),
        ["parking"] = ("Parkplätze", "parking"),
        ["stage"] = ("Bühne", "stage"),
        ["sound_system"] = ("Tonanlage", "sound system"),
        ["outdoor_area"] = ("Außenbereich", "outdoor area"),
        ["prayer_room"] = ("Gebetsraum", "prayer room"),
        ["quiet_room"] = ("Ruheraum", "quiet room"),
        ["consecutive"] = ("Konsekutivdolmetschen", "consecutive interpreting"),
        ["simultaneous"] = ("Simultandolmetschen", "simultaneous interpreting"),
        ["written_translation"] = ("schriftliche Übersetzung", "written translation"),
        ["sign_language"] = ("Gebärdensprache", "sign language"),
        ["on_site"] = ("vor Ort", "on site"),
        ["remote"] = ("online / telefonisch", "remote"),
        ["spam"] = ("Spam", "spam"),
        ["inappropriate"] = ("unangemessen", "inappropriate"),
        ["discriminatory"] = ("diskriminierend", "discriminatory"),
        ["fraud"] = ("Betrug", "fraud"),
        ["personal_data"] = ("persönliche Daten", "personal data"),
        ["other"] = ("anderer Grund", "other"),
        ["listing"] = ("Anzeige", "listing"),
        ["association"] = ("Verein", "association"),
    };

    private static readonly Dictionary<string, (string De, string En)> Fields = new()
    {
        ["capacity"] = ("Plätze (Personen)", "Capacity (people)"),
        ["attendees"] = ("Teilnehmende", "Attendees"),
        ["areaM2"] = ("Fläche in m²", "Area in m²"),
        ["features"] = ("Ausstattung", "Features"),
        ["languagePairs"] = ("Sprachpaare", "Language pairs"),
        ["modes"] = ("Art des Dolmetschens", "Modes"),
        ["delivery"] = ("Vor Ort oder aus der Ferne", "On site or remote"),
        ["itemType"] = ("Gegenstand", "Item"),
        ["itemTag"] = ("Kurzbezeichnung (z. B. beamer)", "Short tag (e.g. projector)"),
        ["quantity"] = ("Anzahl", "Quantity"),
        ["seats"] = ("Sitzplätze", "Seats"),
        ["cargoVolumeM3"] = ("Ladevolumen in m³", "Cargo volume in m³"),
        ["driverIncluded"] = ("mit Fahrer·in", "Driver included"),
        ["topics"] = ("Themen (z. B. grant_writing)", "Topics (e.g. grant_writing)"),
        ["text"] = ("Was genau?", "What exactly?"),
    };

    /// <summary>Languages offered in the forms, by BCP 47 tag.</summary>
    public static readonly IReadOnlyList<(string Tag, string De, string En)> Languages =
    [
        ("de", "Deutsch", "German"), ("ar", "Arabisch", "Arabic"), ("ti", "Tigrinya", "Tigrinya"),
        ("prs", "Dari", "Dari"), ("fa", "Persisch (Farsi)", "Persian (Farsi)"), ("ps", "Paschtu", "Pashto"),
        ("tr", "Türkisch", "Turkish"), ("ku", "Kurdisch", "Kurdish"), ("uk", "Ukrainisch", "Ukrainian"),
        ("ru", "Russisch", "Russian"), ("so", "Somali", "Somali"), ("am", "Amharisch", "Amharic"),
        ("en", "Englisch", "English"), ("fr", "Französisch", "French"), ("es", "Spanisch", "Spanish"),
        ("pl", "Polnisch", "Polish"), ("ro", "Rumänisch", "Romanian"), ("bg", "Bulgarisch", "Bulgarian"),
        ("sq", "Albanisch", "Albanian"), ("ur", "Urdu", "Urdu"), ("ta", "Tamil", "Tamil"), ("sgn", "Gebärdensprache", "Sign language"),
    ];

    public static readonly IReadOnlyList<(string Day, string De, string En)> Days =
    [
        ("monday", "Montag", "Monday"), ("tuesday", "Dienstag", "Tuesday"), ("wednesday", "Mittwoch", "Wednesday"),
        ("thursday", "Donnerstag", "Thursday"), ("friday", "Freitag", "Friday"), ("saturday", "Samstag", "Saturday"),
        ("sunday", "Sonntag", "Sunday"),
    ];

    public static string Of(string? value) =>
        value is null ? "" : Names.TryGetValue(value, out var name) ? Tr.T(name.De, name.En) : value.Replace('_', ' ');

    public static string Field(string field) =>
        Fields.TryGetValue(field, out var name) ? Tr.T(name.De, name.En) : field;

    public static string Language(string? tag) =>
        tag is null ? "" : Languages.FirstOrDefault(l => l.Tag == tag) is { Tag: not null } l ? Tr.T(l.De, l.En) : tag;

    public static string Day(string day) =>
        Days.FirstOrDefault(d => d.Day == day) is { Day: not null } d ? Tr.T(d.De, d.En) : day;

    public static IEnumerable<(string Value, string Text)> LanguageOptions =>
        Languages.Select(l => (l.Tag, Tr.T(l.De, l.En)));
}
