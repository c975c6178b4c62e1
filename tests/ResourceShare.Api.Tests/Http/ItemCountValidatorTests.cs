using System.Globalization;
using FluentValidation;
using ResourceShare.Api.Http;

namespace ResourceShare.Api.Tests.Http;

public sealed class ItemCountValidatorTests
{
    private sealed record Tagged(IReadOnlyList<string>? Tags);

    private sealed class TaggedValidator : AbstractValidator<Tagged>
    {
        public TaggedValidator() => RuleFor(x => x.Tags).ItemCount(1, 3);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(0, false)]
    [InlineData(4, false)]
    public void Counts_outside_the_bounds_fail(int count, bool valid)
    {
        var result = new TaggedValidator().Validate(new Tagged(Enumerable.Repeat("x", count).ToList()));

        Assert.Equal(valid, result.IsValid);
    }

    [Fact]
    public void A_missing_collection_is_left_to_NotNull()
    {
        Assert.True(new TaggedValidator().Validate(new Tagged(null)).IsValid);
    }

    [Theory]
    [InlineData("en", "must contain between 1 and 3 items; it contains 4")]
    [InlineData("de", "muss zwischen 1 und 3 Einträge enthalten; es sind 4")]
    public void The_message_names_the_bounds_in_the_callers_language(string language, string expected)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            var result = new TaggedValidator().Validate(new Tagged(["a", "b", "c", "d"]));

            Assert.Contains(expected, Assert.Single(result.Errors).ErrorMessage);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
