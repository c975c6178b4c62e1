using ResourceShare.Domain.Listings;

namespace ResourceShare.Domain.Tests.Listings;

public class LanguagePairTests
{
    [Theory]
    [InlineData("de", "ti", false, "de", "ti", false, true)]
    [InlineData("de", "ti", false, "ti", "de", false, true)]
    [InlineData("de", "ti", false, "de", "ti", true, true)]
    [InlineData("de", "ti", false, "ti", "de", true, true)]
    [InlineData("prs", "de", true, "prs", "de", true, true)]
    [InlineData("prs", "de", true, "de", "prs", true, false)]
    [InlineData("prs", "de", true, "prs", "de", false, false)]
    [InlineData("prs", "de", true, "de", "prs", false, false)]
    [InlineData("de", "ti", false, "de", "ar", false, false)]
    [InlineData("de", "ti", false, "ar", "ti", true, false)]
    [InlineData("de", "ti", false, "ti", "ar", true, false)]
    [InlineData("ar", "de", true, "ar", "fa", true, false)]
    public void Serves_a_needed_pair_only_in_the_directions_offered(
        string offeredFrom, string offeredTo, bool offeredOneWay, string neededFrom, string neededTo, bool neededOneWay, bool expected)
    {
        var offered = new LanguagePair(offeredFrom, offeredTo, offeredOneWay);
        var needed = new LanguagePair(neededFrom, neededTo, neededOneWay);

        Assert.Equal(expected, offered.Serves(needed));
    }
}
