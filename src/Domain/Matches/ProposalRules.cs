using ResourceShare.Domain.Listings;

namespace ResourceShare.Domain.Matches;

/// <summary>Why a proposal cannot be made; the API answers 400 or 409 with a reason for each.</summary>
public enum ProposalProblem
{
    RequestNotFound,
    OfferNotFound,
    NotARequest,
    NotAnOffer,
    CategoryMismatch,
    SameAssociation,
    RequestNotOpen,
    OfferNotOpen,
    /// <summary>The other association is suspended.</summary>
    AssociationSuspended,
    /// <summary>The proposing association itself is suspended.</summary>
    ProposerSuspended,
    QuantityOnlyForEquipment,
    QuantityAboveOffer,
    Windows,
}

/// <summary>A listing as a proposal sees it: whose it is, what it is, and whether the caller manages its association's matches.</summary>
public sealed record ProposalParty(
    Guid AssociationId, ListingKind Kind, ListingCategory Category, ListingStatus Status, bool Valid, bool Hidden, bool Suspended,
    bool Manageable)
{
    /// <summary>Open to proposals: published, still valid, not hidden after reports, its association not suspended.</summary>
    public bool Open => Status == ListingStatus.Published && Valid && !Suspended && !Hidden;
}

/// <summary>The verdict on a proposal's two listings: allowed, the caller manages neither side (403), or a problem.</summary>
public sealed record ProposalCheck(ProposalProblem? Problem, bool Forbidden)
{
    public static readonly ProposalCheck Allowed = new(null, false);
}

/// <summary>Who may propose which request to which offer, and how many units.</summary>
public static class ProposalRules
{
    /// <summary>
    /// Judges a proposal of <paramref name="request"/> to <paramref name="offer"/> (null: not visible to the
    /// caller). What the pair is comes first, then whether the caller manages either side, then whether both are
    /// open: a caller who manages neither side learns nothing about their state.
    /// </summary>
    public static ProposalCheck Check(ProposalParty? request, ProposalParty? offer)
    {
        if (request is null || offer is null)
        {
            return new(request is null ? ProposalProblem.RequestNotFound : ProposalProblem.OfferNotFound, false);
        }

        ProposalProblem? problem =
            request.Kind != ListingKind.Request ? ProposalProblem.NotARequest
            : offer.Kind != ListingKind.Offer ? ProposalProblem.NotAnOffer
            : request.Category != offer.Category ? ProposalProblem.CategoryMismatch
            : request.AssociationId == offer.AssociationId ? ProposalProblem.SameAssociation
            : null;
        if (problem is null && !request.Manageable && !offer.Manageable)
        {
            return new(null, true);
        }

        problem ??=
            (request.Manageable ? request : offer).Suspended ? ProposalProblem.ProposerSuspended
            : request.Suspended || offer.Suspended ? ProposalProblem.AssociationSuspended
            : !request.Open ? ProposalProblem.RequestNotOpen
            : !offer.Open ? ProposalProblem.OfferNotOpen
            : null;
        return problem is null ? ProposalCheck.Allowed : new(problem, false);
    }

    /// <summary>
    /// The units a proposal books: unit resources are booked whole (1; asking for another number is a problem),
    /// equipment the units asked for, else the request's quantity, else 1, and never more than the offer has.
    /// </summary>
    public static (int Quantity, ProposalProblem? Problem) Quantity(ListingCategory category, int? asked, int? needed, int? offered)
    {
        if (MatchRules.IsExclusive(category))
        {
            return asked is null or 1 ? (1, null) : (0, ProposalProblem.QuantityOnlyForEquipment);
        }

        var quantity = asked ?? needed ?? 1;
        return quantity > (offered ?? 1) ? (0, ProposalProblem.QuantityAboveOffer) : (quantity, null);
    }
}
