namespace ResourceShare.Domain.Notifications;

/// <summary>The events that land in an association's notifications inbox, each stored as its snake_case name.</summary>
public enum NotificationKind
{
    ProposalReceived,
    ProposalAccepted,
    ProposalDeclined,
    ProposalWithdrawn,
    MatchCancelled,
    MessageReceived,
    FeedbackReceived,
    ListingExpiring,
    /// <summary>A newly published request matches one of the association's offers.</summary>
    RequestMatchesOffer,
    /// <summary>A newly published offer matches one of the association's requests.</summary>
    OfferMatchesRequest,
    ListingApproved,
    ListingRejected,
    ListingRemoved,
    ListingRestored,
    AssociationVerified,
    AssociationSuspended,
    AssociationReinstated,
    /// <summary>A moderator decided on a target the association reported.</summary>
    ReportDecided,
    /// <summary>A confirmed booking of the association, as provider or requester, begins within 24 hours.</summary>
    BookingTomorrow,
    /// <summary>A webhook endpoint of the association was disabled because its deliveries kept failing.</summary>
    WebhookDisabled,
    /// <summary>New published listings match a member's saved search (sent by the search's channel, not shown in the inbox).</summary>
    SavedSearchMatched,
}
