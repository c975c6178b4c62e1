namespace ResourceShare.Domain.Listings;

public enum ListingKind
{
    Offer,
    Request,
}

public enum ListingCategory
{
    Room,
    Interpreting,
    Equipment,
    Vehicle,
    Expertise,
    Other,
}

public enum ListingStatus
{
    Draft,
    PendingReview,
    Published,
    Paused,
    Closed,
    Expired,
    Rejected,
    Removed,
}

public enum TermsKind
{
    Free,
    CostSharing,
    Exchange,
}

public enum CloseReason
{
    Fulfilled,
    Withdrawn,
}
