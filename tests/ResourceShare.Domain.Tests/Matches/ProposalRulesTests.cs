using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matches;

namespace ResourceShare.Domain.Tests.Matches;

public class ProposalRulesTests
{
    private static readonly Guid Requester = Guid.NewGuid();
    private static readonly Guid Provider = Guid.NewGuid();

    private static ProposalParty Request(bool manageable = true) =>
        new(Requester, ListingKind.Request, ListingCategory.Room, ListingStatus.Published, Valid: true, Hidden: false, Suspended: false, manageable);

    private static ProposalParty Offer(bool manageable = false) =>
        new(Provider, ListingKind.Offer, ListingCategory.Room, ListingStatus.Published, Valid: true, Hidden: false, Suspended: false, manageable);

    [Fact]
    public void An_open_request_and_offer_of_two_associations_may_be_proposed_by_either_side()
    {
        Assert.Equal(ProposalCheck.Allowed, ProposalRules.Check(Request(), Offer()));
        Assert.Equal(ProposalCheck.Allowed, ProposalRules.Check(Request(manageable: false), Offer(manageable: true)));
    }

    [Fact]
    public void A_listing_the_caller_cannot_see_is_not_found()
    {
        Assert.Equal(ProposalProblem.RequestNotFound, ProposalRules.Check(null, Offer()).Problem);
        Assert.Equal(ProposalProblem.OfferNotFound, ProposalRules.Check(Request(), null).Problem);
    }

    public static TheoryData<ProposalParty, ProposalParty, ProposalProblem> Problems => new()
    {
        { Request() with { Kind = ListingKind.Offer }, Offer(), ProposalProblem.NotARequest },
        { Request(), Offer() with { Kind = ListingKind.Request }, ProposalProblem.NotAnOffer },
        { Request(), Offer() with { Category = ListingCategory.Vehicle }, ProposalProblem.CategoryMismatch },
        { Request(), Offer() with { AssociationId = Requester }, ProposalProblem.SameAssociation },
        { Request() with { Suspended = true }, Offer(), ProposalProblem.ProposerSuspended },
        { Request(), Offer() with { Suspended = true }, ProposalProblem.AssociationSuspended },
        { Request() with { Status = ListingStatus.Paused }, Offer(), ProposalProblem.RequestNotOpen },
        { Request() with { Valid = false }, Offer(), ProposalProblem.RequestNotOpen },
        { Request(), Offer() with { Hidden = true }, ProposalProblem.OfferNotOpen },
        { Request(), Offer() with { Status = ListingStatus.Draft }, ProposalProblem.OfferNotOpen },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Each_reason_a_pair_cannot_be_proposed_is_named(ProposalParty request, ProposalParty offer, ProposalProblem problem)
    {
        Assert.Equal(new ProposalCheck(problem, false), ProposalRules.Check(request, offer));
    }

    [Fact]
    public void A_caller_who_manages_neither_side_is_forbidden_before_learning_whether_the_listings_are_open()
    {
        var closedOffer = Offer() with { Status = ListingStatus.Closed };

        Assert.Equal(new ProposalCheck(null, true), ProposalRules.Check(Request(manageable: false), closedOffer));
        Assert.Equal(ProposalProblem.NotAnOffer, ProposalRules.Check(Request(manageable: false), Offer() with { Kind = ListingKind.Request }).Problem);
    }

    [Theory]
    [InlineData(ListingCategory.Room, null, null, null, 1, null)]
    [InlineData(ListingCategory.Room, 1, 5, null, 1, null)]
    [InlineData(ListingCategory.Vehicle, 2, null, null, 0, ProposalProblem.QuantityOnlyForEquipment)]
    [InlineData(ListingCategory.Equipment, 3, 5, 4, 3, null)]
    [InlineData(ListingCategory.Equipment, null, 4, 4, 4, null)]
    [InlineData(ListingCategory.Equipment, null, null, null, 1, null)]
    [InlineData(ListingCategory.Equipment, 5, null, 4, 0, ProposalProblem.QuantityAboveOffer)]
    [InlineData(ListingCategory.Equipment, null, 2, null, 0, ProposalProblem.QuantityAboveOffer)]
    public void Unit_resources_are_booked_whole_and_equipment_up_to_what_the_offer_has(
        ListingCategory category, int? asked, int? needed, int? offered, int quantity, ProposalProblem? problem)
    {
        Assert.Equal((quantity, problem), ProposalRules.Quantity(category, asked, needed, offered));
    }
}
