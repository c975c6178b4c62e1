using Bunit;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using ResourceShare.Web.Api;
using ResourceShare.Web.ApiClient.Models;
using ResourceShare.Web.Components.Shared;

namespace ResourceShare.Web.Tests.Components;

/// <summary>A problem from the API lands where it belongs: its detail above the form, each error at its field.</summary>
public sealed class FormErrorMappingTests : ComponentTest
{
    private static FormErrors Refusal() => FormErrors.From(new ValidationProblemDetails
    {
        Status = 400,
        Title = "Die Anfrage ist ungültig.",
        Detail = "Bitte prüfen Sie die markierten Felder.",
        Errors = new ValidationProblemDetails_errors
        {
            AdditionalData = new Dictionary<string, object>
            {
                ["place.postalCode"] = new UntypedArray([new UntypedString("Die Postleitzahl hat fünf Ziffern.")]),
                ["details.languagePairs[0].from"] = new UntypedArray([new UntypedString("Unbekannte Sprache.")]),
            },
        },
    });

    [Fact]
    public void A_field_error_appears_at_its_field_and_is_announced_with_it()
    {
        var field = Context.Render<TextField>(p => p
            .Add(f => f.Label, "Postleitzahl").Add(f => f.Path, "place.postalCode").Add(f => f.Value, "6031").Add(f => f.Errors, Refusal()));

        var input = field.Find("input");
        Assert.Equal("place.postalCode", input.GetAttribute("name"));
        Assert.Equal("f-place-postalCode", input.Id);
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Equal("f-place-postalCode-error", input.GetAttribute("aria-describedby"));
        Assert.Equal("Die Postleitzahl hat fünf Ziffern.", field.Find("#f-place-postalCode-error").TextContent.Trim());
    }

    [Fact]
    public void A_field_without_an_error_stays_plain()
    {
        var field = Context.Render<TextField>(p => p.Add(f => f.Label, "Ort").Add(f => f.Path, "place.city").Add(f => f.Errors, Refusal()));

        Assert.Null(field.Find("input").GetAttribute("aria-invalid"));
        Assert.Empty(field.FindAll(".field-error"));
    }

    [Fact]
    public void The_summary_shows_the_detail_and_links_each_error_to_its_field()
    {
        var summary = Context.Render<ProblemSummary>(p => p.Add(s => s.Errors, Refusal()));

        Assert.Equal("alert", summary.Find(".problem").GetAttribute("role"));
        Assert.Contains("Bitte prüfen Sie die markierten Felder.", summary.Find(".problem p").TextContent);
        var links = summary.FindAll(".problem li a").Select(a => (a.GetAttribute("href"), a.TextContent)).ToList();
        Assert.Contains(("#f-place-postalCode", "Die Postleitzahl hat fünf Ziffern."), links);
        Assert.Contains(("#f-details-languagePairs-0--from", "Unbekannte Sprache."), links);
    }

    [Fact]
    public void A_group_path_covers_the_fields_below_it()
    {
        var errors = Refusal();

        Assert.True(errors.Has("place"));
        Assert.True(errors.Has("details.languagePairs"));
        Assert.False(errors.Has("place.city"));
        Assert.False(errors.Has("plac"));
        Assert.Equal(["Unbekannte Sprache."], errors.For("details.languagePairs[0]"));
    }

    [Theory]
    [InlineData(422, "Die Anzeige ist geschlossen.")]
    [InlineData(409, "Die Anzeige ist bereits veröffentlicht.")]
    [InlineData(429, "Bitte warten Sie eine Minute.")]
    public void A_problem_without_field_errors_shows_its_detail(int status, string detail)
    {
        // The generated client raises each documented problem as its own type.
        ApiException problem = status switch
        {
            409 => new ConflictProblemDetails { Status = status, Title = "Konflikt", Detail = detail },
            429 => new TooManyRequestsProblemDetails { Status = status, Title = "Zu viele Anfragen", Detail = detail },
            _ => new ProblemDetails { Status = status, Title = "Nicht möglich", Detail = detail },
        };

        var errors = FormErrors.From(problem);
        var summary = Context.Render<ProblemSummary>(p => p.Add(s => s.Errors, errors));

        Assert.Equal(status, errors.Status);
        Assert.Contains(detail, summary.Markup);
        Assert.Empty(summary.FindAll("li"));
    }
}
