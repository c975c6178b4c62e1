using System.Globalization;
using System.Text;

namespace ResourceShare.Domain.Places;

/// <summary>
/// Normalises place names and search input alike, so that "giessen", "Gießen" and "GIESSEN" meet.
/// </summary>
public static class PlaceNames
{
    public const int MaxQueryLength = 100;

    /// <summary>Lower case, diacritics stripped, ß as ss, runs of white space and dashes folded to one space.</summary>
    public static string SearchKey(string text) => Fold(text, transliterateUmlauts: false);

    /// <summary>Like <see cref="SearchKey"/>, but umlauts become ae, oe, ue (the German spelling without them).</summary>
    public static string TransliteratedKey(string text) => Fold(text, transliterateUmlauts: true);

    /// <summary>The smallest key that sorts after every key starting with <paramref name="prefix"/>.</summary>
    public static string PrefixUpperBound(string prefix) => prefix + '\uffff';

    private static string Fold(string text, bool transliterateUmlauts)
    {
        var builder = new StringBuilder(text.Length + 4);
        var pendingSpace = false;
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (char.IsWhiteSpace(c) || c is '-' or '‐' or '–' || c is '/' or '.' or ',' or '(' or ')')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            switch (c)
            {
                case 'ß':
                    builder.Append("ss");
                    break;
                case 'ä' when transliterateUmlauts:
                    builder.Append("ae");
                    break;
                case 'ö' when transliterateUmlauts:
                    builder.Append("oe");
                    break;
                case 'ü' when transliterateUmlauts:
                    builder.Append("ue");
                    break;
                default:
                    AppendWithoutDiacritics(builder, c);
                    break;
            }
        }

        return builder.ToString();
    }

    private static void AppendWithoutDiacritics(StringBuilder builder, char c)
    {
        if (c < 128)
        {
            builder.Append(c);
            return;
        }

        foreach (var part in c.ToString().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(part) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(part);
            }
        }
    }
}
