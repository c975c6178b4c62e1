using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Moderation;
using ResourceShare.Infrastructure.Associations;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Listings;

namespace ResourceShare.Infrastructure.Moderation;

public sealed record ReportRow(
    Guid Id, ModerationTarget TargetType, Guid TargetId, Guid ReporterAssociationId, ReportReason Reason, string? Comment, DateTime CreatedAt);

public enum ReportRefusal
{
    None,

    /// <summary>The target does not exist or the reporter may not see it.</summary>
    TargetNotFound,

    /// <summary>The reporter does not belong to the association they report for.</summary>
    NotMember,

    /// <summary>The association the reporter reports for is suspended.</summary>
    Suspended,

    /// <summary>The reporter's association owns the target.</summary>
    OwnTarget,

    /// <summary>The reporter already has an open report on the target.</summary>
    AlreadyOpen,
}

/// <summary>Reports of members on listings and associations, and the hiding of listings that several associations reported.</summary>
public sealed class ReportStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Files a report for the reporter's association. A listing that now has open reports from
    /// <see cref="ModerationRules.AssociationsToHide"/> distinct associations is hidden in the same transaction.
    /// Reports on one listing take its row lock one after another, so concurrent reports count each other.
    /// </summary>
    public async Task<(ReportRow? Row, ReportRefusal Refusal)> CreateAsync(
        ModerationTarget targetType, Guid targetId, Guid reporterAssociationId, Caller caller, ReportReason reason, string? comment,
        CancellationToken ct)
    {
        const string lockListing = "SELECT 1 FROM listing WHERE id = @Id FOR UPDATE";
        const string insert = """
            INSERT INTO report (id, target_type, target_id, reporter_id, reporter_association_id, reason, comment)
            VALUES (@Id, @TargetType, @TargetId, @ReporterId, @ReporterAssociationId, @Reason, @Comment)
            ON CONFLICT (reporter_id, target_id) WHERE status = 'open' DO NOTHING
            RETURNING id, target_type, target_id, reporter_association_id, reason, comment, created_at
            """;
        const string hide = """
            UPDATE listing SET hidden_at = now()
             WHERE id = @Id AND hidden_at IS NULL
               AND (SELECT count(DISTINCT reporter_association_id) FROM report
                     WHERE target_id = @Id AND status = 'open') >= @Threshold
            """;
        await using var write = await WriteTransaction.BeginAsync(dataSource, ct);
        var (conn, tx) = write;
        if (await Access.AuthorizeAsync(conn, tx, reporterAssociationId, caller, Permission.ReadPrivate, starting: true, ct: ct) is { } refusal)
        {
            return (null, refusal == Refusal.Suspended ? ReportRefusal.Suspended : ReportRefusal.NotMember);
        }

        Guid? owner;
        if (targetType == ModerationTarget.Listing)
        {
            await conn.ExecuteAsync(new CommandDefinition(lockListing, new { Id = targetId }, tx, cancellationToken: ct));
            owner = (await ListingStore.SelectAsync(conn, tx, targetId, caller, ct))?.AssociationId;
        }
        else
        {
            owner = (await AssociationStore.SelectAsync(conn, tx, targetId, caller, ct))?.Id;
        }

        if (owner is null)
        {
            return (null, ReportRefusal.TargetNotFound);
        }

        if (owner == reporterAssociationId)
        {
            return (null, ReportRefusal.OwnTarget);
        }

        var row = await conn.QuerySingleOrDefaultAsync<ReportRow>(new CommandDefinition(
            insert,
            new
            {
                Id = Guid.CreateVersion7(), TargetType = targetType, TargetId = targetId, ReporterId = caller.UserId,
                ReporterAssociationId = reporterAssociationId, Reason = reason, Comment = comment,
            },
            tx,
            cancellationToken: ct));
        if (row is null)
        {
            return (null, ReportRefusal.AlreadyOpen);
        }

        if (targetType == ModerationTarget.Listing)
        {
            await conn.ExecuteAsync(new CommandDefinition(hide, new { Id = targetId, Threshold = ModerationRules.AssociationsToHide }, tx, cancellationToken: ct));
        }

        await write.CommitAsync(ct);
        return (row, ReportRefusal.None);
    }
}
