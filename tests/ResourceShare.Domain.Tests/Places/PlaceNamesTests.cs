using ResourceShare.Domain.Places;

namespace ResourceShare.Domain.Tests.Places;

public class PlaceNamesTests
{
    [Theory]
    [InlineData("Gießen", "giessen")]
    [InlineData("München", "munchen")]
    [InlineData("  Frankfurt   am Main ", "frankfurt am main")]
    [InlineData("Frankfurt (Oder)", "frankfurt oder")]
    [InlineData("Bad Homburg v.d. Höhe", "bad homburg v d hohe")]
    [InlineData("Groß-Gerau", "gross gerau")]
    [InlineData("Île-de-France", "ile de france")]
    public void Search_key_folds_case_accents_eszett_and_separators(string name, string expected) =>
        Assert.Equal(expected, PlaceNames.SearchKey(name));

    [Theory]
    [InlineData("München", "muenchen")]
    [InlineData("Göttingen", "goettingen")]
    [InlineData("Düsseldorf", "duesseldorf")]
    [InlineData("Gießen", "giessen")]
    public void Transliterated_key_writes_umlauts_as_German_does_without_them(string name, string expected) =>
        Assert.Equal(expected, PlaceNames.TransliteratedKey(name));

    [Fact]
    public void Prefix_upper_bound_sorts_after_every_key_with_that_prefix()
    {
        var bound = PlaceNames.PrefixUpperBound("frankf");

        Assert.True(string.CompareOrdinal("frankfurt am main", bound) < 0);
        Assert.True(string.CompareOrdinal("frankg", bound) > 0);
    }
}
