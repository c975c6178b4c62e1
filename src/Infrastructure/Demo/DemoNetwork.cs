namespace ResourceShare.Infrastructure.Demo;

/// <summary>
/// Generates the larger part of the demo network deterministically: associations of diaspora and
/// neighbourhood groups across Hessian towns, each with an owner account. Same index, same id and same text.
/// </summary>
internal static class DemoNetwork
{
    public const int GeneratedAssociations = 37;

    internal sealed record Kind(string Name, string Slug, string[] Languages, string Focus);

    internal sealed record Town(string City, string PostalCode);

    private static readonly Kind[] Kinds =
    [
        new("Syrischer Kulturverein", "syrkv", ["ar", "de", "en"], "Kulturabende, Hausaufgabenhilfe und Übersetzungen aus dem Arabischen"),
        new("Somalischer Elternverein", "somev", ["so", "de", "en"], "Elternberatung und Begleitung zu Schulen und Behörden auf Somali"),
        new("Kurdisches Gemeinschaftszentrum", "kurdgz", ["ku", "tr", "de"], "Sprachkurse, Beratung und ein Treffpunkt für kurdische Familien"),
        new("Eritreische Gemeinde", "erigem", ["ti", "de", "ar"], "Begegnung, Dolmetschen auf Tigrinya und Hilfe beim Ankommen"),
        new("Iranischer Kulturkreis", "irankk", ["fa", "de", "en"], "Lesungen, Musik und Sprachmittlung auf Farsi"),
        new("Türkischer Elternbund", "trelb", ["tr", "de"], "Elternarbeit, Nachhilfe und Dolmetschen auf Türkisch"),
        new("Frankophoner Treffpunkt", "frankt", ["fr", "de", "en"], "Treffpunkt für Menschen aus west- und zentralafrikanischen Ländern"),
        new("Russischsprachige Nachbarschaftshilfe", "runbh", ["ru", "uk", "de"], "Nachbarschaftshilfe, Seniorenbegleitung und Übersetzungen"),
        new("Afghanische Jugendinitiative", "afgji", ["prs", "fa", "de"], "Sport, Bildung und Mentoring für junge Menschen aus Afghanistan"),
        new("Ukrainischer Hilfsverein", "ukrhv", ["uk", "ru", "de"], "Kinderbetreuung, Deutschkurse und Sachspenden"),
    ];

    private static readonly Town[] Towns =
    [
        new("Frankfurt am Main", "60311"), new("Offenbach am Main", "63065"), new("Kassel", "34117"),
        new("Wiesbaden", "65183"), new("Darmstadt", "64283"), new("Gießen", "35390"), new("Marburg", "35037"),
        new("Fulda", "36037"), new("Hanau", "63450"), new("Bad Homburg vor der Höhe", "61348"),
        new("Wetzlar", "35578"), new("Limburg an der Lahn", "65549"), new("Rüsselsheim am Main", "65428"),
        new("Bad Hersfeld", "36251"),
    ];

    /// <summary>Index i pairs kind i mod 10 with town 3i mod 14, so every generated name is unique.</summary>
    public static (Kind Kind, Town Town) Pick(int index) => (Kinds[index % Kinds.Length], Towns[index * 3 % Towns.Length]);

    public static string Password(int index) => $"Demo-Owner{index + 1:00}-2026!";

    public static bool Verified(int index) => index % 3 != 2;
}
