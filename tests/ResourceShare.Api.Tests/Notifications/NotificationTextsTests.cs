using System.Globalization;
using System.Text.Json;
using ResourceShare.Api.Notifications;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Tests.Notifications;

/// <summary>The inbox texts: every kind has an English and a German one, and every one reads as a sentence whatever data it gets.</summary>
public sealed class NotificationTextsTests
{
    private static readonly JsonElement Full = JsonDocument.Parse("""
        {"counterpartName": "Kulturverein Nord", "requestTitle": "Saal für 40", "offerTitle": "Gemeindesaal", "listingTitle": "Dolmetschen Tigrinya",
         "associationName": "Frauenverein Süd", "reason": "Doppelt eingestellt", "score": 83, "rating": 4, "validUntil": "2027-03-28T22:30:00Z",
         "webhookUrl": "https://hooks.example.org/resourceshare", "failures": 10, "savedSearchName": "Säle für Kurse", "count": 2,
         "listingTitles": "Gemeindesaal; Saal für 40"}
        """).RootElement;

    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement;

    public static TheoryData<string> Kinds() => [.. Enum.GetValues<NotificationKind>().Select(EnumText<NotificationKind>.Of)];

    private static (string Title, string Text) RenderIn(string language, string kind, JsonElement data)
    {
        var culture = new CultureInfo(language);
        (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, culture);
        return NotificationTexts.Render(kind, data);
    }

    [Fact]
    public void Every_kind_has_an_english_and_a_german_title_and_text()
    {
        foreach (var kind in Enum.GetValues<NotificationKind>())
        {
            Assert.True(NotificationTexts.Templates.TryGetValue(kind, out var texts), $"{kind} has no texts");
            Assert.All(new[] { texts.Title.En, texts.Title.De, texts.Text.En, texts.Text.De }, t => Assert.False(string.IsNullOrWhiteSpace(t)));
            Assert.NotEqual(texts.Title.En, texts.Title.De);
            Assert.NotEqual(texts.Text.En, texts.Text.De);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_reads_as_a_sentence_with_all_its_data_and_with_none(string kind)
    {
        foreach (var language in new[] { "en", "de" })
        {
            var full = RenderIn(language, kind, Full);
            var empty = RenderIn(language, kind, Empty);

            foreach (var text in new[] { full.Title, full.Text, empty.Title, empty.Text })
            {
                Assert.False(string.IsNullOrWhiteSpace(text));
                Assert.DoesNotMatch(@"[\[\]{}]|\s[.,:;]|\s{2}", text);
            }

            Assert.True(full.Text.Length > empty.Text.Length, $"{kind} ({language}) shows none of its data: {full.Text}");
        }
    }

    [Theory]
    [InlineData("en", "Your listing “Dolmetschen Tigrinya” expires within 7 days, on 29 March 2027. If it is still current, say so to keep it published.")]
    [InlineData("de", "Ihre Anzeige „Dolmetschen Tigrinya“ läuft in den nächsten 7 Tagen ab, am 29. März 2027. Ist sie noch aktuell, bestätigen Sie das, damit sie veröffentlicht bleibt.")]
    public void An_expiry_date_is_the_day_in_Berlin_in_the_callers_language(string language, string expected)
    {
        Assert.Equal(expected, RenderIn(language, "listing_expiring", Full).Text);
    }

    [Theory]
    [InlineData("en", "The new offer “Dolmetschen Tigrinya” from Kulturverein Nord matches your request “Saal für 40” (score 83 of 100).")]
    [InlineData("de", "Das neue Angebot „Dolmetschen Tigrinya“ von Kulturverein Nord passt zu Ihrer Anfrage „Saal für 40“ (Punktzahl 83 von 100).")]
    public void A_match_notice_names_the_new_listing_and_its_score(string language, string expected)
    {
        Assert.Equal(expected, RenderIn(language, "offer_matches_request", Full).Text);
    }

    [Fact]
    public void Data_that_is_not_an_object_or_has_values_of_other_types_leaves_those_parts_out()
    {
        var odd = JsonDocument.Parse("""{"counterpartName": {"x": 1}, "reason": ["a"], "validUntil": "tomorrow", "rating": "4"}""").RootElement;

        Assert.Equal("Your association was rated: 4 of 5.", RenderIn("en", "feedback_received", odd).Text);
        Assert.Equal("Your listing expires within 7 days. If it is still current, say so to keep it published.", RenderIn("en", "listing_expiring", odd).Text);
        Assert.Equal("Your proposal was declined.", RenderIn("en", "proposal_declined", JsonDocument.Parse("[1, 2]").RootElement).Text);
    }

    [Fact]
    public void A_kind_this_version_does_not_know_gets_a_generic_title()
    {
        Assert.Equal(("Benachrichtigung", ""), RenderIn("de", "some_later_event", Full));
    }
}
