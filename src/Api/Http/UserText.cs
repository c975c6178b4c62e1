using System.Globalization;

namespace ResourceShare.Api.Http;

/// <summary>
/// A user-facing text in English and German; <see cref="ToString"/> picks the request's language
/// (CurrentUICulture, set from Accept-Language by the request localization middleware).
/// </summary>
public sealed record UserText(string En, string De)
{
    public static bool IsGerman => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "de";

    public override string ToString() => IsGerman ? De : En;

    public string Format(params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, ToString(), args);
}
