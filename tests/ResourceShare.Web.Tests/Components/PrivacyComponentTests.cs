using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using ResourceShare.Web.ApiClient.Models;
using ResourceShare.Web.Components.Shared;

namespace ResourceShare.Web.Tests.Components;

/// <summary>The terms a person accepted, and the associations that stand between them and the deletion of their account.</summary>
public sealed class PrivacyComponentTests : ComponentTest
{
    private static readonly Guid Verein = Guid.Parse("0193a1b2-0000-7000-8000-000000000001");
    private static readonly Guid Other = Guid.Parse("0193a1b2-0000-7000-8000-000000000002");

    public PrivacyComponentTests() => Context.Services.AddSingleton<AntiforgeryStateProvider>(new NoAntiforgery());

    [Fact]
    public void Accepted_current_terms_show_their_version_and_day_and_ask_nothing()
    {
        var terms = new TermsResponse
        {
            CurrentVersion = "2026-12", AcceptedVersion = "2026-12", AcceptedAt = new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.Zero), UpToDate = true,
        };

        var status = Context.Render<TermsStatus>(p => p.Add(t => t.Terms, terms));

        Assert.Contains("Sie haben die Nutzungsbedingungen und Datenschutzhinweise in der Fassung 2026-12 am Mi, 2. Dez. 2026 angenommen.", status.Find("p").TextContent);
        Assert.Empty(status.FindAll("form"));
    }

    [Fact]
    public void A_newer_version_names_both_versions_and_offers_to_accept_the_current_one()
    {
        var accepted = false;
        var terms = new TermsResponse { CurrentVersion = "2027-06", AcceptedVersion = "2026-12", AcceptedAt = DateTimeOffset.UtcNow, UpToDate = false };

        var status = Context.Render<TermsStatus>(p => p.Add(t => t.Terms, terms).Add(t => t.OnAccept, () => accepted = true));

        Assert.Equal("status", status.Find(".notice").GetAttribute("role"));
        Assert.Contains("Es gibt eine neue Fassung der Nutzungsbedingungen und Datenschutzhinweise: 2027-06.", status.Find(".notice").TextContent);
        Assert.Contains("Sie haben die Fassung 2026-12 angenommen.", status.Find(".notice").TextContent);
        Assert.Equal("2027-06", status.Find("form input[name='version']").GetAttribute("value"));
        Assert.Equal("Fassung 2027-06 annehmen", status.Find("form button").TextContent.Trim());
        status.Find("form").Submit();
        Assert.True(accepted);
    }

    [Fact]
    public void Terms_never_accepted_ask_for_the_current_version()
    {
        var terms = new TermsResponse { CurrentVersion = "2026-12", UpToDate = false };

        var status = Context.Render<TermsStatus>(p => p.Add(t => t.Terms, terms));

        Assert.Contains("Bitte nehmen Sie die Nutzungsbedingungen und Datenschutzhinweise an (Fassung 2026-12).", status.Find(".notice").TextContent);
        Assert.Single(status.FindAll("form"));
    }

    [Fact]
    public void The_last_owner_notice_names_each_association_with_where_to_hand_it_over_or_dissolve_it()
    {
        MembershipResponse[] memberships =
        [
            new() { AssociationId = Verein, AssociationName = "Eritreischer Kulturverein", Role = MembershipRole.Owner },
            new() { AssociationId = Other, AssociationName = "Syrischer Elternverein", Role = MembershipRole.Owner },
        ];

        var notice = Context.Render<LastOwnerNotice>(p => p.Add(n => n.AssociationIds, [Verein]).Add(n => n.Memberships, memberships));

        Assert.Equal("alert", notice.Find("#last-owner").GetAttribute("role"));
        var item = Assert.Single(notice.FindAll("#last-owner li"));
        Assert.Contains("Eritreischer Kulturverein", item.TextContent);
        var links = item.QuerySelectorAll("a").Select(a => (a.GetAttribute("href"), a.TextContent)).ToList();
        Assert.Equal(
            [($"/associations/{Verein}/manage#members-heading", "Leitung von Eritreischer Kulturverein übergeben"),
             ($"/associations/{Verein}/dissolve", "Eritreischer Kulturverein auflösen")],
            links);
    }

    [Fact]
    public void Without_associations_to_hand_over_the_notice_stays_away()
    {
        var notice = Context.Render<LastOwnerNotice>(p => p.Add(n => n.AssociationIds, Array.Empty<Guid>()));

        Assert.Empty(notice.Markup.Trim());
    }

    private sealed class NoAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => null;
    }
}
