using ResourceShare.Domain.Associations;

namespace ResourceShare.Domain.Listings;

/// <summary>Who triggers a listing transition: the association itself, a moderator, or the system (expiry).</summary>
public enum ListingActor
{
    Association,
    Moderator,
    System,
}

/// <summary>
/// The listing state diagram of the spec, the single place it lives:
/// draft → pending_review → published ⇄ paused → closed; expired when validUntil passes; rejected and
/// removed by moderators. Any other move is refused (409 naming the current status).
/// </summary>
public static class ListingTransitions
{
    private static readonly (ListingStatus From, ListingStatus To, ListingActor By)[] Edges =
    [
        (ListingStatus.Draft, ListingStatus.PendingReview, ListingActor.Association),
        (ListingStatus.Draft, ListingStatus.Published, ListingActor.Association),
        (ListingStatus.PendingReview, ListingStatus.Published, ListingActor.Moderator),
        (ListingStatus.PendingReview, ListingStatus.Rejected, ListingActor.Moderator),
        (ListingStatus.Published, ListingStatus.Paused, ListingActor.Association),
        (ListingStatus.Paused, ListingStatus.Published, ListingActor.Association),
        (ListingStatus.Published, ListingStatus.Closed, ListingActor.Association),
        (ListingStatus.Paused, ListingStatus.Closed, ListingActor.Association),
        (ListingStatus.Published, ListingStatus.Expired, ListingActor.System),
        (ListingStatus.Paused, ListingStatus.Expired, ListingActor.System),
        (ListingStatus.PendingReview, ListingStatus.Expired, ListingActor.System),
        (ListingStatus.Published, ListingStatus.Removed, ListingActor.Moderator),
        (ListingStatus.Paused, ListingStatus.Removed, ListingActor.Moderator),
        (ListingStatus.Removed, ListingStatus.Published, ListingActor.Moderator),
    ];

    public static bool IsAllowed(ListingStatus from, ListingStatus to, ListingActor by) =>
        Edges.Contains((from, to, by));

    /// <summary>The statuses from which <paramref name="by"/> may move a listing to <paramref name="to"/>.</summary>
    public static IReadOnlyList<ListingStatus> AllowedFrom(ListingStatus to, ListingActor by) =>
        Edges.Where(e => e.To == to && e.By == by).Select(e => e.From).ToArray();

    /// <summary>Publishing: a verified association's listing goes live at once, an unverified one's waits for review.</summary>
    public static ListingStatus PublishTarget(bool associationVerified) =>
        associationVerified ? ListingStatus.Published : ListingStatus.PendingReview;

    /// <summary>The statuses in which the association may change a listing's content; closed, expired, rejected and removed ones stay as they were.</summary>
    public static readonly IReadOnlyList<ListingStatus> Editable =
        [ListingStatus.Draft, ListingStatus.PendingReview, ListingStatus.Published, ListingStatus.Paused];

    /// <summary>
    /// The statuses from which the association's move to <paramref name="to"/> starts. Publishing starts from a
    /// draft only: a paused listing is resumed (<paramref name="resume"/>), which starts from paused only.
    /// </summary>
    public static IReadOnlyList<ListingStatus> AssociationMoveFrom(ListingStatus to, bool resume = false) =>
        AllowedFrom(to, ListingActor.Association)
            .Where(from => to != ListingStatus.Published || (from == ListingStatus.Paused) == resume)
            .ToArray();

    /// <summary>
    /// Whether the association may put a listing live (publish or resume): a suspended association starts nothing
    /// new, and its listings stay hidden with it until it is reinstated.
    /// </summary>
    public static bool MayGoLive(VerificationStatus association) => association != VerificationStatus.Suspended;

    /// <summary>
    /// The statuses in which a listing's validity may be extended ("still current"): live ones. An expired listing
    /// stays expired, as no move leads out of expired; a draft or one pending review has its validUntil edited.
    /// </summary>
    public static readonly IReadOnlyList<ListingStatus> Extendable = [ListingStatus.Published, ListingStatus.Paused];

    /// <summary>Only drafts may be deleted; everything else is closed or withdrawn instead, and stays on record.</summary>
    public static bool IsDeletable(ListingStatus status) => status == ListingStatus.Draft;
}
