using System.Globalization;

namespace ResourceShare.Domain.Matching;

/// <summary>A short text for people in English and German; the API picks one after Accept-Language.</summary>
public sealed record LocalText(string En, string De)
{
    public static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public static readonly CultureInfo English = CultureInfo.InvariantCulture;

    /// <summary>Formats the same pattern with German and English number formats ("3,2" and "3.2").</summary>
    public static LocalText Of(string en, string de, params object?[] args) =>
        new(string.Format(English, en, args), string.Format(German, de, args));
}
