using System.Text.RegularExpressions;

namespace ResourceShare.Domain.Common;

/// <summary>
/// BCP 47 language tags as associations use them: a known ISO 639 language (two letters, or three where
/// ISO 639-1 has none, e.g. prs Dari, ckb Sorani, gsg German Sign Language), optionally a script and a
/// region ("sr-Latn", "pt-BR", "ar-001"). Compared case-insensitively, returned in canonical case.
/// </summary>
public static partial class LanguageTags
{
    public const int MaxLength = 35;

    private static readonly HashSet<string> Languages = new(StringComparer.Ordinal)
    {
        // ISO 639-1
        "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi", "bm", "bn", "bo",
        "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de", "dv", "dz", "ee", "el", "en", "eo",
        "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi",
        "ho", "hr", "ht", "hu", "hy", "hz", "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka",
        "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
        "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne", "ng",
        "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm", "rn",
        "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su",
        "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur",
        "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
        // ISO 639-3 languages spoken in Hesse's migrant communities without a two-letter code
        "prs", "ckb", "kmr", "sdh", "lki", "zza", "aii", "syc", "tig", "byn", "bej", "ber", "kab", "tzm", "shi",
        "rif", "rom", "rmn", "rmy", "fil", "ceb", "hil", "apc", "ajp", "arz", "ary", "acm", "afb", "apd", "ayl",
        "yue", "cmn", "hak", "nan", "haz", "bal", "skr", "pnb", "mai", "bho", "tmh", "fuv", "dyu", "snk", "kri",
        "pcm", "fat", "mos", "gaa", "efi", "lua", "swc", "luo", "kam", "mer", "gsw", "bar", "nds", "ksh", "lad",
        // Sign languages (for sign-language interpreting)
        "gsg", "ase", "bfi", "fsl", "ssp", "sgg", "aed", "tsm", "ukl", "rsl", "psr", "ils", "isg",
    };

    // Three-letter codes of languages that have a two-letter one. BCP 47 knows only the two-letter code, and
    // one language under two tags would split the directory's language filter and the interpreting pairs.
    private static readonly Dictionary<string, string> TwoLetterCodes = new(StringComparer.Ordinal)
    {
        ["yid"] = "yi", ["twi"] = "tw", ["ewe"] = "ee", ["kon"] = "kg",
    };

    public static bool IsValid(string? tag) => Normalize(tag) is not null;

    /// <summary>The canonical form ("de", "sr-Latn", "pt-BR"), or null when the tag is not valid.</summary>
    public static string? Normalize(string? tag)
    {
        if (tag is null || tag.Length > MaxLength)
        {
            return null;
        }

        var match = Shape().Match(tag);
        if (!match.Success)
        {
            return null;
        }

        var language = match.Groups["language"].Value.ToLowerInvariant();
        language = TwoLetterCodes.GetValueOrDefault(language, language);
        if (!Languages.Contains(language))
        {
            return null;
        }

        var result = language;
        if (match.Groups["script"].Success)
        {
            var script = match.Groups["script"].Value;
            result += "-" + char.ToUpperInvariant(script[0]) + script[1..].ToLowerInvariant();
        }

        if (match.Groups["region"].Success)
        {
            result += "-" + match.Groups["region"].Value.ToUpperInvariant();
        }

        return result;
    }

    [GeneratedRegex("^(?<language>[A-Za-z]{2,3})(?:-(?<script>[A-Za-z]{4}))?(?:-(?<region>[A-Za-z]{2}|[0-9]{3}))?$")]
    private static partial Regex Shape();
}
