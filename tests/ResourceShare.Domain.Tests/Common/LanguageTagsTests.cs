using ResourceShare.Domain.Common;

namespace ResourceShare.Domain.Tests.Common;

public class LanguageTagsTests
{
    [Theory]
    [InlineData("de", "de")]
    [InlineData("DE", "de")]
    [InlineData("ti", "ti")]
    [InlineData("prs", "prs")]
    [InlineData("PRS", "prs")]
    [InlineData("ckb", "ckb")]
    [InlineData("gsg", "gsg")]
    [InlineData("pt-br", "pt-BR")]
    [InlineData("sr-latn", "sr-Latn")]
    [InlineData("SR-LATN-rs", "sr-Latn-RS")]
    [InlineData("zh-Hant-TW", "zh-Hant-TW")]
    [InlineData("ar-001", "ar-001")]
    public void Known_tag_is_valid_and_returned_in_canonical_case(string tag, string canonical)
    {
        Assert.True(LanguageTags.IsValid(tag));
        Assert.Equal(canonical, LanguageTags.Normalize(tag));
    }

    [Theory]
    [InlineData("yid", "yi")]
    [InlineData("twi", "tw")]
    [InlineData("ewe", "ee")]
    [InlineData("kon", "kg")]
    [InlineData("YID-il", "yi-IL")]
    public void Three_letter_code_of_a_language_with_a_two_letter_code_becomes_the_two_letter_tag(string tag, string canonical) =>
        Assert.Equal(canonical, LanguageTags.Normalize(tag));

    [Theory]
    [InlineData("xx")]
    [InlineData("klingon")]
    [InlineData("tlh")]
    [InlineData("deu")]
    [InlineData("d")]
    [InlineData("")]
    [InlineData(" de")]
    [InlineData("de_DE")]
    [InlineData("de-")]
    [InlineData("de-DEU")]
    [InlineData("de-1996")]
    [InlineData("de-Latn-DE-1996")]
    [InlineData("x-private")]
    [InlineData("i-klingon")]
    [InlineData("en-Latn1")]
    [InlineData(null)]
    public void Unknown_or_malformed_tag_is_invalid(string? tag)
    {
        Assert.False(LanguageTags.IsValid(tag));
        Assert.Null(LanguageTags.Normalize(tag));
    }
}
