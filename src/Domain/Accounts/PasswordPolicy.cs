using System.Globalization;

namespace ResourceShare.Domain.Accounts;

public enum PasswordProblem
{
    None,
    TooShort,
    TooLong,
    TooCommon,
    ContainsEmail,
}

/// <summary>
/// Length-based password rules after NIST SP 800-63B: any Unicode, 10 to 128 characters (counted as
/// user-perceived text elements), and not one of the passwords attackers try first.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    /// <summary>
    /// The most UTF-16 code units a password may take, checked before text elements are counted: far more
    /// than <see cref="MaxLength"/> text elements need (an emoji family with skin tones takes 19), and a
    /// bound on the work that an oversized input causes.
    /// </summary>
    public const int MaxChars = MaxLength * 32;

    public static PasswordProblem Check(string password, string? email = null)
    {
        if (password.Length > MaxChars)
        {
            return PasswordProblem.TooLong;
        }

        var length = new StringInfo(password).LengthInTextElements;
        if (length < MinLength)
        {
            return PasswordProblem.TooShort;
        }

        if (length > MaxLength)
        {
            return PasswordProblem.TooLong;
        }

        var folded = password.Trim().ToLowerInvariant();
        if (CommonPasswords.Contains(folded) || IsSingleTextElementRepeated(folded) || IsRun(folded))
        {
            return PasswordProblem.TooCommon;
        }

        var localPart = email?.Split('@')[0].ToLowerInvariant();
        if (localPart is { Length: >= 4 } && folded.Contains(localPart, StringComparison.Ordinal))
        {
            return PasswordProblem.ContainsEmail;
        }

        return PasswordProblem.None;
    }

    // "aaaaaaaaaa", and likewise ten times the same emoji, which takes several code units.
    private static bool IsSingleTextElementRepeated(string s)
    {
        var elements = StringInfo.GetTextElementEnumerator(s);
        string? first = null;
        while (elements.MoveNext())
        {
            first ??= elements.GetTextElement();
            if (elements.GetTextElement() != first)
            {
                return false;
            }
        }

        return true;
    }

    // "0123456789", "abcdefghijk", "9876543210": each character one above (or below) the one before.
    private static bool IsRun(string s)
    {
        var up = true;
        var down = true;
        for (var i = 1; i < s.Length; i++)
        {
            up &= s[i] == s[i - 1] + 1;
            down &= s[i] == s[i - 1] - 1;
        }

        return up || down;
    }

    // Passwords of at least ten characters that lead the public breach frequency lists, plus German and
    // keyboard-walk favourites; shorter ones are already refused by length. Compared in lower case.
    private static readonly HashSet<string> CommonPasswords = new(StringComparer.Ordinal)
    {
        "1234567890", "0123456789", "12345678910", "123456789a", "a123456789", "1234567891", "12345678901",
        "1234567890a", "123456789q", "q123456789", "123123123123", "1212121212", "1122334455", "1111122222",
        "0987654321", "9876543210", "1q2w3e4r5t", "1q2w3e4r5t6y", "q1w2e3r4t5", "1qaz2wsx3edc", "zaq12wsxcde3",
        "qwertyuiop", "qwertzuiop", "asdfghjklö", "yxcvbnm123", "qwerty1234", "qwertz1234",
        "qwerty12345", "qwertz12345", "qwerty123456", "qwertyuiop1", "asdfghjkl1", "asdfasdfasdf", "qweasdzxc123",
        "password12", "password123", "password1234", "password12345", "passwort12", "passwort123", "passwort1234",
        "password!1", "password123!", "p@ssw0rd123", "p@ssword123", "passw0rd123", "mypassword", "mypassword1",
        "iloveyou12", "iloveyou123", "ichliebedich", "ichliebedich1", "hallo12345", "hallo123456", "hallohallo",
        "sommer2023", "sommer2024", "sommer2025", "sommer2026", "winter2024", "winter2025", "winter2026",
        "herbst2025", "fruehling2026", "frühling2026", "welcome123", "welcome1234", "willkommen", "willkommen1",
        "willkommen123", "letmein123", "changeme123", "administrator", "admin12345", "admin123456", "adminadmin",
        "rootroot12", "test123456", "testtest12", "test1234567", "football12", "fussball12", "fußball123",
        "fussball123", "borussia09", "schalke0404", "bayernmuenchen", "bayernmünchen", "eintracht1899",
        "superman123", "batman1234", "starwars12", "pokemon123", "princess12", "sunshine12", "basketball",
        "basketball1", "baseball12", "michael123", "jennifer12", "christian1", "alexander1", "1q2w3e4r5t6y7u",
        "abc1234567", "abcd123456", "abcdef1234", "aa12345678", "zxcvbnm123", "zxcvbnmasdf", "resourceshare",
        "resourceshare1", "verein12345", "vereinsheim", "ehrenamt123",
    };
}
