using System.Globalization;

namespace ResourceShare.Web.Texts;

/// <summary>Picks the German or the English text after the request's culture (German unless English was chosen).</summary>
public static class Tr
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string T(string de, string en) => English ? en : de;

    public static string Language => English ? "en" : "de";
}
