namespace ResourceShare.Bench.Seed;

/// <summary>The German words the generated associations and listings are made of.</summary>
public static class Vocabulary
{
    public static readonly string[] Communities =
    [
        "Eritreischer", "Afghanischer", "Ukrainischer", "Türkischer", "Kurdischer", "Syrischer", "Somalischer", "Polnischer",
        "Griechischer", "Tamilischer", "Äthiopischer", "Iranischer", "Marokkanischer", "Bosnischer", "Vietnamesischer",
    ];

    public static readonly string[] AssociationKinds =
    [
        "Kulturverein", "Frauenverein", "Elternverein", "Jugendverein", "Begegnungsverein", "Förderverein", "Sportverein",
        "Bildungsverein", "Nachbarschaftsverein",
    ];

    public static readonly string[] AssociationLanguages = ["ar", "ti", "prs", "fa", "tr", "ku", "uk", "ru", "so", "en", "fr", "pl", "el", "ta", "am"];

    /// <summary>Languages interpreted from and into, with their German names; the first ones are asked for most.</summary>
    public static readonly (string Code, string Name)[] Languages =
    [
        ("ar", "Arabisch"), ("tr", "Türkisch"), ("uk", "Ukrainisch"), ("ru", "Russisch"), ("fa", "Persisch"), ("prs", "Dari"),
        ("ti", "Tigrinya"), ("ku", "Kurdisch"), ("so", "Somali"), ("ps", "Paschtu"), ("en", "Englisch"), ("fr", "Französisch"),
        ("pl", "Polnisch"), ("ro", "Rumänisch"), ("sq", "Albanisch"), ("am", "Amharisch"), ("ur", "Urdu"), ("ta", "Tamil"), ("el", "Griechisch"),
    ];

    public static readonly (string Code, string Name)[] TargetLanguages = [("de", "Deutsch"), ("de", "Deutsch"), ("de", "Deutsch"), ("de", "Deutsch"), ("en", "Englisch"), ("fr", "Französisch")];

    public static readonly string[] Rooms =
    [
        "Gemeinschaftsraum für Veranstaltungen", "Großer Saal mit Bühne", "Büroraum für Beratungsgespräche", "Übungsraum für Musik und Tanz",
        "Vereinsküche für gemeinsames Kochen", "Seminarraum für Sprachkurse", "Gebetsraum und Begegnungsstätte", "Jugendraum im Erdgeschoss",
    ];

    public static readonly string[] InterpretingPurposes =
    [
        "für Behördengänge", "für Elternabende", "bei Arztterminen", "für Beratungsgespräche", "für Veranstaltungen", "für Übersetzungen von Urkunden",
    ];

    /// <summary>Equipment: title, item type, item tag.</summary>
    public static readonly (string Title, string Type, string Tag)[] Equipment =
    [
        ("Beamer und Leinwand", "Beamer", "beamer"), ("Biertischgarnituren für Feste", "Biertischgarnitur", "biertischgarnitur"),
        ("Lautsprecheranlage für Feste", "Lautsprecheranlage", "lautsprecher"), ("Nähmaschinen für Workshops", "Nähmaschine", "naehmaschine"),
        ("Faltzelte für Straßenfeste", "Faltzelt", "zelt"), ("Klappstühle für Versammlungen", "Klappstuhl", "stuhl"),
        ("Geschirr für große Runden", "Geschirrset", "geschirr"), ("Laptops für Computerkurse", "Laptop", "laptop"),
    ];

    /// <summary>Vehicles: title, seats, cargo volume in m³.</summary>
    public static readonly (string Title, int Seats, decimal Cargo)[] Vehicles =
    [
        ("Kleinbus mit neun Sitzen", 9, 1m), ("Transporter für Umzüge", 3, 12m), ("Lastenrad für Einkäufe", 1, 0.5m), ("Pkw für Fahrten zu Behörden", 5, 0.4m),
    ];

    /// <summary>Know-how: title, topic tag.</summary>
    public static readonly (string Title, string Topic)[] Expertise =
    [
        ("Beratung zu Fördermitteln", "foerdermittel"), ("Hilfe bei der Vereinsgründung", "vereinsrecht"), ("Buchhaltung für Vereine", "buchhaltung"),
        ("Öffentlichkeitsarbeit und Pressearbeit", "oeffentlichkeitsarbeit"), ("Datenschutz im Verein", "datenschutz"),
        ("Projektanträge schreiben", "projektantraege"), ("Ehrenamtliche gewinnen und begleiten", "ehrenamt"),
    ];

    public static readonly string[] Other =
    [
        "Kinderbetreuung bei Veranstaltungen", "Begleitung zu Arztterminen", "Mitfahrgelegenheit zu Behörden", "Hausaufgabenhilfe für Grundschüler",
        "Hilfe beim Ausfüllen von Formularen",
    ];

    public static readonly string[] Access =
    [
        "Gut erreichbar mit Bus und Straßenbahn.", "Barrierefreier Zugang über den Hof.", "Für gemeinnützige Vereine gedacht.",
        "Schlüsselübergabe nach Absprache.", "Wir freuen uns über Rückmeldungen.", "Parkplätze gibt es direkt vor der Tür.",
    ];

    public static readonly string[] Use =
    [
        "Bitte frühzeitig anfragen, am Wochenende ist die Nachfrage groß.", "Tee und Kaffee dürfen gern mitgebracht werden.",
        "Die Übergabe erfolgt persönlich, gern auch abends.", "Geeignet für Frauengruppen, Elterncafés und Sprachkurse.",
        "Für Familien mit Kindern, auch kurzfristig möglich.", "Nach der Nutzung bitte aufräumen und lüften.",
    ];

    public static readonly string[] About =
    [
        "Fragen beantworten wir auf Deutsch, Englisch und Türkisch.", "Unser Verein ist seit vielen Jahren im Viertel aktiv.",
        "Die Nutzung ist an Auflagen des Vermieters gebunden.", "Wir möchten Begegnung zwischen Nachbarn fördern.",
        "Gemeinsam schaffen wir mehr – sprechen Sie uns an.", "Über eine kleine Spende für die Vereinskasse freuen wir uns.",
    ];

    public static readonly string[] Needs =
    [
        "Wir suchen Unterstützung für unser nächstes Treffen.", "Für unser Sommerfest brauchen wir noch Hilfe.",
        "Unsere Gruppe wächst, und der bisherige Raum reicht nicht mehr.", "Der Termin ist mit der Schule schon abgestimmt.",
        "Gern bedanken wir uns mit Kuchen und einer Einladung zum Fest.",
    ];

    public static readonly string[] Exchanges =
    [
        "Hilfe beim nächsten Straßenfest", "Übersetzungen ins Arabische", "Kinderbetreuung bei Ihrer Veranstaltung", "Mithilfe beim Aufbau",
    ];

    public static readonly string[] Streets =
    [
        "Hauptstraße", "Bahnhofstraße", "Schulstraße", "Gartenstraße", "Kirchgasse", "Mühlweg", "Lindenallee", "Goethestraße", "Schillerplatz",
        "Friedrich-Ebert-Straße", "Am Bürgerhaus", "Rosenstraße", "Große Friedberger Straße",
    ];

    public static readonly string[] MatchMessages =
    [
        "Wir würden das gern für unser Elterncafé nutzen.", "Passt der Termin bei Ihnen? Wir bringen alles Nötige mit.",
        "Vielen Dank im Voraus – wir freuen uns auf die Zusammenarbeit.", "Könnten wir den Schlüssel am Vortag abholen?",
    ];

    public static readonly string[] CancelReasons = ["Die Veranstaltung fällt aus.", "Der Raum wird leider doch selbst gebraucht.", "Krankheit im Team."];
}
