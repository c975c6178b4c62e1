using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Notifications;

namespace ResourceShare.Domain.Moderation;

/// <summary>The rules of reports and moderation decisions: limits, what each decision moves where, whom it notifies.</summary>
public static class ModerationRules
{
    public const int MaxCommentLength = 1000;
    public const int MaxReasonLength = 500;

    /// <summary>Open reports from this many distinct associations hide a listing until a moderator decides.</summary>
    public const int AssociationsToHide = 3;

    /// <summary>The status a listing decision leads to.</summary>
    public static ListingStatus Target(ListingDecision decision) => decision switch
    {
        ListingDecision.Approve => ListingStatus.Published,
        ListingDecision.Reject => ListingStatus.Rejected,
        ListingDecision.Remove => ListingStatus.Removed,
        ListingDecision.Restore => ListingStatus.Published,
    };

    /// <summary>
    /// The statuses from which a moderator may take the decision, after the listing state diagram. Approve and
    /// restore both lead to published and are told apart by where they start: review, or removal.
    /// </summary>
    public static IReadOnlyList<ListingStatus> AllowedFrom(ListingDecision decision) => decision switch
    {
        ListingDecision.Approve => [ListingStatus.PendingReview],
        ListingDecision.Restore => [ListingStatus.Removed],
        ListingDecision.Reject or ListingDecision.Remove =>
            ListingTransitions.AllowedFrom(Target(decision), ListingActor.Moderator),
    };

    /// <summary>
    /// Statuses in which approving a reported listing keeps it as it is: the reports are dismissed and the
    /// listing, if the reports hid it, shows again.
    /// </summary>
    public static IReadOnlyList<ListingStatus> KeepableWhenReported { get; } = [ListingStatus.Published, ListingStatus.Paused];

    /// <summary>
    /// The status an association decision leads to from <paramref name="current"/>, or null when the decision
    /// is not possible there. A reinstated association returns to verified only if a moderator verified it before.
    /// </summary>
    public static VerificationStatus? Target(AssociationDecision decision, VerificationStatus current, bool verifiedBefore) =>
        (decision, current) switch
        {
            (AssociationDecision.Verify, VerificationStatus.Unverified) => VerificationStatus.Verified,
            (AssociationDecision.Suspend, VerificationStatus.Unverified or VerificationStatus.Verified) => VerificationStatus.Suspended,
            (AssociationDecision.Reinstate, VerificationStatus.Suspended) =>
                verifiedBefore ? VerificationStatus.Verified : VerificationStatus.Unverified,
            _ => null,
        };

    public static NotificationKind Notification(ListingDecision decision) => decision switch
    {
        ListingDecision.Approve => NotificationKind.ListingApproved,
        ListingDecision.Reject => NotificationKind.ListingRejected,
        ListingDecision.Remove => NotificationKind.ListingRemoved,
        ListingDecision.Restore => NotificationKind.ListingRestored,
    };

    public static NotificationKind Notification(AssociationDecision decision) => decision switch
    {
        AssociationDecision.Verify => NotificationKind.AssociationVerified,
        AssociationDecision.Suspend => NotificationKind.AssociationSuspended,
        AssociationDecision.Reinstate => NotificationKind.AssociationReinstated,
    };

    /// <summary>The past tense the audit log, closed reports and reporters' notifications name a decision by.</summary>
    public static string Outcome(ListingDecision decision) => decision switch
    {
        ListingDecision.Approve => "approved",
        ListingDecision.Reject => "rejected",
        ListingDecision.Remove => "removed",
        ListingDecision.Restore => "restored",
    };

    public static string Outcome(AssociationDecision decision) => decision switch
    {
        AssociationDecision.Verify => "verified",
        AssociationDecision.Suspend => "suspended",
        AssociationDecision.Reinstate => "reinstated",
    };

    /// <summary>
    /// Whether the register entry a moderator checked (court and number, as read in the register) is the one
    /// the association gave: compared without case and with runs of white space as one.
    /// </summary>
    public static bool RegisterEntryMatches(string? court, string? number, string checkedCourt, string checkedNumber) =>
        court is not null && number is not null
        && Normalize(court) == Normalize(checkedCourt) && Normalize(number) == Normalize(checkedNumber);

    private static string Normalize(string s) =>
        string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
}
