namespace ResourceShare.Domain.Matches;

/// <summary>
/// A match's lifecycle: proposed → accepted (by the other side) | declined | withdrawn; accepted → cancelled
/// (either side, before the start) | completed (after the end).
/// </summary>
public enum MatchStatus
{
    Proposed,
    Accepted,
    Declined,
    Withdrawn,
    Cancelled,
    Completed,
}

public enum BookingStatus
{
    Confirmed,
    Cancelled,
}

/// <summary>Which side of a booking an association is on: it provides the offer, or it requested it.</summary>
public enum BookingRole
{
    Provider,
    Requester,
}
