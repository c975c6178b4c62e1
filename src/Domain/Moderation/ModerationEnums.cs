namespace ResourceShare.Domain.Moderation;

public enum ReportReason
{
    Spam,
    Inappropriate,
    Discriminatory,
    Fraud,
    PersonalData,
    Other,
}

/// <summary>What a report or a queue entry is about.</summary>
public enum ModerationTarget
{
    Listing,
    Association,
}

public enum ListingDecision
{
    /// <summary>Publishes a listing awaiting review; on a reported listing, keeps it and dismisses the reports.</summary>
    Approve,
    Reject,
    Remove,
    Restore,
}

public enum AssociationDecision
{
    Verify,
    Suspend,
    Reinstate,
}
