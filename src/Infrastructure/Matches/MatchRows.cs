using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matches;

namespace ResourceShare.Infrastructure.Matches;

/// <summary>
/// A match as a caller of one of its sides sees it. Contact emails and street addresses are null where the
/// caller may not see them: the other side's only while a booking is confirmed (accepted or completed).
/// </summary>
public sealed record MatchRow(
    Guid Id, Guid RequestId, Guid OfferId, Guid RequesterId, Guid ProviderId, Guid ProposedBy, MatchStatus Status,
    int Quantity, string? Message, string? Reason, Guid? ClosedBy, DateTime StartsAt, DateTime EndsAt, DateTime CreatedAt,
    DateTime UpdatedAt, DateTime? DecidedAt, int Version, ListingCategory Category, string RequestTitle, string OfferTitle,
    string RequesterName, string ProviderName, string? RequesterEmail, string? ProviderEmail, string? RequestStreetAddress,
    string? OfferStreetAddress);

public sealed record BookingSlot(Guid Id, Guid MatchId, DateTime StartsAt, DateTime EndsAt, int Quantity, BookingStatus Status, DateTime? CancelledAt);

public sealed record MatchDetails(MatchRow Row, IReadOnlyList<TimeWindow> Windows, IReadOnlyList<BookingSlot> Bookings);

/// <summary>What a proposal asks for, as the API validated its shape.</summary>
public sealed record Proposal(Guid RequestId, Guid OfferId, IReadOnlyList<TimeWindow>? Windows, int? Quantity, string? Message);

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

public abstract record ProposalOutcome
{
    public sealed record Created(MatchDetails Match) : ProposalOutcome;

    public sealed record Refused(ProposalProblem Problem, WindowProblem Windows = WindowProblem.None, TimeWindow? Window = null) : ProposalOutcome;

    /// <summary>The caller manages neither listing's association.</summary>
    public sealed record Forbidden : ProposalOutcome;

    /// <summary>The proposing association already holds the most open proposals it may.</summary>
    public sealed record TooManyOpen(int Limit) : ProposalOutcome;
}

/// <summary>Why a move on a match was not made.</summary>
public enum MatchRefusal
{
    NotFound,
    Forbidden,
    VersionMismatch,
    WrongStatus,
    /// <summary>Cancel: no booking of the match is still ahead.</summary>
    AlreadyStarted,
    /// <summary>Accept: the offer is no longer published and valid, reports hid it, or its association is suspended.</summary>
    OfferNotOpen,
    /// <summary>Accept: a window is already booked (unit resource) or has no units left (quantity resource), or has begun.</summary>
    Unbookable,
    /// <summary>Accept: the requesting association would hold more future bookings of the offer than allowed.</summary>
    TooManyBookings,
    /// <summary>Accept: the accepting association is suspended.</summary>
    Suspended,
}

public abstract record MatchChange
{
    public sealed record Done(MatchDetails Match) : MatchChange;

    /// <summary>An accept: the booked and the skipped occurrences.</summary>
    public sealed record Accepted(MatchDetails Match, IReadOnlyList<TimeWindow> Booked, IReadOnlyList<TimeWindow> Skipped) : MatchChange;

    /// <param name="Current">The match's status (for WrongStatus).</param>
    /// <param name="Window">The window that could not be booked (for Unbookable).</param>
    /// <param name="Limit">The limit that was reached (for TooManyBookings).</param>
    public sealed record Refused(MatchRefusal Refusal, MatchStatus Current = MatchStatus.Proposed, TimeWindow? Window = null, int? Limit = null) : MatchChange;
}

public sealed record MatchPosition(DateTime At, Guid Id);

public sealed record MatchFilter(Guid AssociationId, bool? Incoming, MatchStatus? Status);

public sealed record BookingRow(
    Guid Id, Guid MatchId, Guid OfferId, string OfferTitle, DateTime StartsAt, DateTime EndsAt, int Quantity, BookingStatus Status,
    bool AsProvider, Guid CounterpartId, string CounterpartName);

public sealed record BookingPosition(DateTime At, Guid Id);

public sealed record MessageRow(Guid Id, Guid MatchId, Guid AuthorAssociationId, string AuthorAssociationName, Guid? AuthorUserId, string Body, DateTime CreatedAt);

public sealed record MessagePosition(DateTime At, Guid Id);
