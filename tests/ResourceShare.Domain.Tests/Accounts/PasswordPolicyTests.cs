using ResourceShare.Domain.Accounts;

namespace ResourceShare.Domain.Tests.Accounts;

public class PasswordPolicyTests
{
    private const string Family = "👨‍👩‍👧‍👦";
    private const string Rainbow = "🏳️‍🌈";

    [Theory]
    [InlineData("Kirschbaum-Abendrot-42")]
    [InlineData("correct horse battery staple")]
    [InlineData("Grüße aus Gießen")]
    [InlineData("ትግርኛ ቋንቋ ጽቡቕ እዩ")]
    [InlineData("كلمة سر طويلة")]
    public void Long_enough_uncommon_password_is_accepted(string password) =>
        Assert.Equal(PasswordProblem.None, PasswordPolicy.Check(password, "someone@example.org"));

    [Theory]
    [InlineData("")]
    [InlineData("kurz")]
    [InlineData("123456789")]
    [InlineData("e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301")]
    public void Password_under_ten_text_elements_is_too_short(string password) =>
        Assert.Equal(PasswordProblem.TooShort, PasswordPolicy.Check(password));

    [Fact]
    public void Nine_characters_are_too_short_and_ten_are_enough()
    {
        Assert.Equal(PasswordProblem.TooShort, PasswordPolicy.Check("Zugspitze"));
        Assert.Equal(PasswordProblem.None, PasswordPolicy.Check("Zugspitzen"));
    }

    [Fact]
    public void Emoji_count_as_one_character_each()
    {
        var nine = string.Concat(Enumerable.Repeat(Family + Rainbow, 4)) + Family;
        var ten = nine + Rainbow;

        Assert.Equal(PasswordProblem.TooShort, PasswordPolicy.Check(nine));
        Assert.Equal(PasswordProblem.None, PasswordPolicy.Check(ten));
    }

    [Fact]
    public void Hundred_twenty_eight_characters_are_accepted_and_one_more_is_too_long()
    {
        var max = "Ab1-" + new string('x', 60) + new string('y', 64);

        Assert.Equal(PasswordProblem.None, PasswordPolicy.Check(max));
        Assert.Equal(PasswordProblem.TooLong, PasswordPolicy.Check(max + "z"));
    }

    [Fact]
    public void Hundred_twenty_eight_emoji_families_are_accepted_though_they_take_many_more_code_units()
    {
        var password = string.Concat(Enumerable.Repeat(Family + Rainbow, 64));

        Assert.True(password.Length > 2 * PasswordPolicy.MaxLength);
        Assert.Equal(PasswordProblem.None, PasswordPolicy.Check(password));
        Assert.Equal(PasswordProblem.TooLong, PasswordPolicy.Check(password + "x"));
    }

    [Fact]
    public void Input_beyond_the_code_unit_bound_is_too_long() =>
        Assert.Equal(PasswordProblem.TooLong, PasswordPolicy.Check(new string('\u0301', PasswordPolicy.MaxChars) + "abcdefghij"));

    [Theory]
    [InlineData("1234567890")]
    [InlineData("Passwort123")]
    [InlineData("QWERTZUIOP")]
    [InlineData("  qwertzuiop  ")]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("ßßßßßßßßßß")]
    [InlineData("abcdefghijkl")]
    [InlineData("zyxwvutsrqpo")]
    [InlineData("klmnopqrstu")]
    [InlineData("          ")]
    public void Common_repeated_or_sequential_password_is_refused(string password) =>
        Assert.Equal(PasswordProblem.TooCommon, PasswordPolicy.Check(password));

    [Theory]
    [InlineData("😀😀😀😀😀😀😀😀😀😀")]
    [InlineData("👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦")]
    public void One_emoji_repeated_is_as_common_as_one_letter_repeated(string password) =>
        Assert.Equal(PasswordProblem.TooCommon, PasswordPolicy.Check(password));

    [Theory]
    [InlineData("Fatima.Yilmaz@example.org", "fatima.yilmaz-2025!")]
    [InlineData("fatima.yilmaz@example.org", "Mein FATIMA.YILMAZ Passwort")]
    [InlineData("kontakt@verein.example", "kontakt-verein-2025")]
    public void Password_containing_the_local_part_of_the_email_is_refused(string email, string password) =>
        Assert.Equal(PasswordProblem.ContainsEmail, PasswordPolicy.Check(password, email));

    [Fact]
    public void Local_part_shorter_than_four_characters_is_not_checked() =>
        Assert.Equal(PasswordProblem.None, PasswordPolicy.Check("ali-sonnenblume-7", "ali@example.org"));
}
