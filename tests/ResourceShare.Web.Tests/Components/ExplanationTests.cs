using Bunit;
using ResourceShare.Web.ApiClient.Models;
using ResourceShare.Web.Components.Shared;

namespace ResourceShare.Web.Tests.Components;

public sealed class ExplanationTests : ComponentTest
{
    [Fact]
    public void Each_score_component_shows_its_value_and_the_APIs_reason()
    {
        var candidate = new MatchCandidateResponse
        {
            Components =
            [
                new ScoreComponentResponse { Name = "distance", Value = 0.744, Weight = 0.25, Reason = "3,2 km entfernt" },
                new ScoreComponentResponse { Name = "cost", Value = 1, Weight = 0.15, Reason = "kostenlos" },
            ],
        };

        var explanation = Context.Render<Explanation>(p => p.Add(e => e.Candidate, candidate));

        var items = explanation.FindAll(".explanation li");
        Assert.Equal(2, items.Count);
        Assert.Equal("Entfernung", items[0].QuerySelector(".component-name")!.TextContent);
        Assert.Equal("0.744", items[0].QuerySelector("meter")!.GetAttribute("value"));
        Assert.Equal("Entfernung: 74 von 100 %", items[0].QuerySelector("meter")!.GetAttribute("aria-label"));
        Assert.Equal("3,2 km entfernt", items[0].QuerySelector(".reason")!.TextContent);
        Assert.Equal("kostenlos", items[1].QuerySelector(".reason")!.TextContent);
        Assert.Empty(explanation.FindAll(".unmet"));
    }

    [Fact]
    public void A_near_miss_names_what_is_missing()
    {
        var candidate = new MatchCandidateResponse
        {
            Components = [],
            Unmet = new UnmetConstraintResponse { Constraint = "capacity", Reason = "Kapazität 35 < 40" },
        };

        var explanation = Context.Render<Explanation>(p => p.Add(e => e.Candidate, candidate));

        Assert.Equal("Was fehlt: Kapazität 35 < 40", explanation.Find(".unmet").TextContent.Trim());
    }
}
