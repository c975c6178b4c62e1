using ResourceShare.Domain.Moderation;
using ResourceShare.Infrastructure.Moderation;

namespace ResourceShare.Api.Moderation;

/// <summary>A report as its reporter sees it.</summary>
public sealed record ReportResponse(
    Guid Id, ModerationTarget TargetType, Guid TargetId, Guid AssociationId, ReportReason Reason, string? Comment, DateTimeOffset CreatedAt)
{
    public static ReportResponse From(ReportRow report) => new(report.Id, report.TargetType, report.TargetId, report.ReporterAssociationId, report.Reason, report.Comment, report.CreatedAt);
}

/// <summary>
/// One target in the moderation queue: waiting since the oldest open report (or, for a listing awaiting review,
/// since it was submitted); <c>listing</c> or <c>association</c> holds its content and <c>version</c> for If-Match.
/// </summary>
public sealed record QueueEntryResponse(
    ModerationTarget TargetType, Guid TargetId, DateTimeOffset Since, QueuedListing? Listing, QueuedAssociation? Association,
    IReadOnlyList<QueuedReport> Reports, IReadOnlyList<HistoryRow> History)
{
    public static QueueEntryResponse From(QueueEntry entry) => new(entry.TargetType, entry.TargetId, entry.Since, entry.Listing, entry.Association, entry.Reports, entry.History);
}

public sealed record QueuePage(IReadOnlyList<QueueEntryResponse> Items, string? NextCursor);

public sealed record AuditLogPage(IReadOnlyList<AuditRow> Items, string? NextCursor);

public sealed record StatsResponse(
    DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ListingCount> Listings, MatchFigures Figures, IReadOnlyList<CityCount> ActiveAssociationsByCity);
