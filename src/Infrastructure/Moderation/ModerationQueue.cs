using Dapper;
using Npgsql;
using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Moderation;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Moderation;

/// <summary>Keyset position in the queue: the last entry's waiting-since time and target id.</summary>
public sealed record QueuePosition(DateTime Since, Guid Id);

public sealed record QueueFilter(ModerationTarget? Kind, ReportReason? Reason);

public sealed record QueuedListing(
    Guid Id, Guid AssociationId, string AssociationName, ListingKind Kind, ListingCategory Category, string Title, string Description,
    ListingStatus Status, bool Hidden, int Version, DateTime CreatedAt);

public sealed record QueuedAssociation(
    Guid Id, string Name, string LegalForm, string? RegisterCourt, string? RegisterNumber, string City, string Description,
    string? Website, VerificationStatus VerificationStatus, int Version, DateTime CreatedAt);

public sealed record QueuedReport(
    Guid TargetId, Guid Id, ReportReason Reason, string? Comment, Guid ReporterAssociationId, string ReporterAssociationName, DateTime CreatedAt);

public sealed record HistoryRow(Guid TargetId, DateTime OccurredAt, Guid? ActorId, string Action, string? Reason);

/// <summary>One target waiting for a moderator: its content, its open reports and what was decided about it before.</summary>
public sealed record QueueEntry(
    ModerationTarget TargetType, Guid TargetId, DateTime Since, QueuedListing? Listing, QueuedAssociation? Association,
    IReadOnlyList<QueuedReport> Reports, IReadOnlyList<HistoryRow> History);

/// <summary>
/// The moderators' queue: listings awaiting review and targets with open reports, grouped by target, oldest
/// first. Two round trips: the page of targets, then their content, reports and history together.
/// </summary>
public sealed class ModerationQueue(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<QueueEntry>> PageAsync(QueueFilter filter, QueuePosition? after, int limit, CancellationToken ct)
    {
        const string page = """
            WITH entries AS (
                SELECT r.target_type, r.target_id, min(r.created_at) AS since
                  FROM report r
                 WHERE r.status = 'open' AND (@Reason::text IS NULL OR r.reason = @Reason)
                 GROUP BY r.target_type, r.target_id
                UNION ALL
                SELECT 'listing', l.id, l.updated_at
                  FROM listing l
                 WHERE l.status = 'pending_review' AND @Reason::text IS NULL
                   AND NOT EXISTS (SELECT 1 FROM report r WHERE r.target_id = l.id AND r.status = 'open'))
            SELECT target_type, target_id, since
              FROM entries
             WHERE (@Kind::text IS NULL OR target_type = @Kind)
               AND (@AfterSince::timestamptz IS NULL OR (since, target_id) > (@AfterSince, @AfterId))
             ORDER BY since, target_id
             LIMIT @Limit
            """;
        const string details = """
            SELECT l.id, l.association_id, a.name AS association_name, l.kind, l.category, l.title, l.description, l.status,
                   l.hidden_at IS NOT NULL AS hidden, l.version, l.created_at
              FROM listing l JOIN association a ON a.id = l.association_id
             WHERE l.id = ANY(@Ids);
            SELECT a.id, a.name, a.legal_form, a.register_court, a.register_number, a.city, a.description, a.website,
                   a.verification_status, a.version, a.created_at
              FROM association a
             WHERE a.id = ANY(@Ids);
            SELECT r.target_id, r.id, r.reason, r.comment, r.reporter_association_id, ra.name AS reporter_association_name, r.created_at
              FROM report r JOIN association ra ON ra.id = r.reporter_association_id
             WHERE r.target_id = ANY(@Ids) AND r.status = 'open'
             ORDER BY r.created_at, r.id;
            SELECT target_id, occurred_at, actor_id, action, reason
              FROM audit_log
             WHERE target_id = ANY(@Ids)
             ORDER BY occurred_at, id;
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var targets = (await conn.QueryAsync<(string TargetType, Guid TargetId, DateTime Since)>(new CommandDefinition(
            page,
            new
            {
                Kind = filter.Kind is { } kind ? EnumText<ModerationTarget>.Of(kind) : null,
                Reason = filter.Reason is { } reason ? EnumText<ReportReason>.Of(reason) : null,
                AfterSince = after?.Since,
                AfterId = after?.Id,
                Limit = limit,
            },
            cancellationToken: ct))).AsList();
        if (targets.Count == 0)
        {
            return [];
        }

        await using var reader = await conn.QueryMultipleAsync(new CommandDefinition(
            details, new { Ids = targets.Select(t => t.TargetId).ToArray() }, cancellationToken: ct));
        var listings = (await reader.ReadAsync<QueuedListing>()).ToDictionary(l => l.Id);
        var associations = (await reader.ReadAsync<QueuedAssociation>()).ToDictionary(a => a.Id);
        var reports = (await reader.ReadAsync<QueuedReport>()).ToLookup(r => r.TargetId);
        var history = (await reader.ReadAsync<HistoryRow>()).ToLookup(h => h.TargetId);
        return targets.Select(t => new QueueEntry(
            EnumText<ModerationTarget>.Parse(t.TargetType), t.TargetId, t.Since, listings.GetValueOrDefault(t.TargetId),
            associations.GetValueOrDefault(t.TargetId), reports[t.TargetId].ToList(), history[t.TargetId].ToList())).ToList();
    }
}
