using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Moderation;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Associations;
using ResourceShare.Infrastructure.Audit;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Listings;
using ResourceShare.Infrastructure.Notifications;

namespace ResourceShare.Infrastructure.Moderation;

public enum DecisionRefusal
{
    None,
    NotFound,
    VersionMismatch,

    /// <summary>The target's current status does not allow the decision.</summary>
    WrongStatus,

    /// <summary>The register entry the moderator checked is not the one the association gave.</summary>
    RegisterMismatch,
}

/// <summary>A decision's outcome: the target as it is now, or why nothing changed (with the current status for WrongStatus).</summary>
public sealed record Decided<T>(T? Row, DecisionRefusal Refusal, string? CurrentStatus = null) where T : class;

/// <summary>The register entry a moderator read in the register when verifying an association.</summary>
public sealed record CheckedRegisterEntry(string Court, string Number);

/// <summary>
/// Moderators' decisions on listings and associations. Each runs in one transaction that changes the target,
/// closes its open reports, notifies the owner association (with the reason) and the reporting associations
/// (with the outcome, never who else reported), and writes the audit row.
/// </summary>
public sealed class ModerationStore(NpgsqlDataSource dataSource, IListingChanges listingChanges)
{
    /// <summary>
    /// Approves a listing: pending_review → published, or, for a published or paused listing with open reports
    /// (or hidden by them), keeps it and dismisses the reports. The one place a listing under review goes live.
    /// </summary>
    public async Task<Decided<ListingRow>> ApproveListingAsync(Guid id, Caller moderator, int? expectedVersion, string? traceId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var decided = await DecideListingAsync(conn, tx, id, ListingDecision.Approve, null, moderator, expectedVersion, traceId, ct);
        await tx.CommitAsync(ct);
        return decided;
    }

    /// <summary>Rejects (from pending_review), removes (from published or paused) or restores (from removed) a listing.</summary>
    public async Task<Decided<ListingRow>> DecideListingAsync(
        Guid id, ListingDecision decision, string? reason, Caller moderator, int? expectedVersion, string? traceId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var decided = await DecideListingAsync(conn, tx, id, decision, reason, moderator, expectedVersion, traceId, ct);
        await tx.CommitAsync(ct);
        return decided;
    }

    /// <summary>Verifies (with the checked register entry), suspends (with a reason) or reinstates an association.</summary>
    public async Task<Decided<AssociationRow>> DecideAssociationAsync(
        Guid id, AssociationDecision decision, string? reason, CheckedRegisterEntry? register, Caller moderator, int? expectedVersion,
        string? traceId, CancellationToken ct)
    {
        const string select = """
            SELECT id, name, verification_status, register_court, register_number, verified_at IS NOT NULL AS verified_before, version
              FROM association WHERE id = @Id
               FOR UPDATE
            """;
        const string update = """
            UPDATE association
               SET verification_status = @To,
                   suspension_reason = CASE WHEN @To = 'suspended' THEN @Reason END,
                   verified_at = CASE WHEN @Verify THEN now() ELSE verified_at END,
                   updated_at = now(), version = version + 1
             WHERE id = @Id
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var current = await conn.QuerySingleOrDefaultAsync<AssociationState>(new CommandDefinition(select, new { Id = id }, tx, cancellationToken: ct));
        if (current is null)
        {
            return new(null, DecisionRefusal.NotFound);
        }

        if (expectedVersion is not null && expectedVersion != current.Version)
        {
            return new(null, DecisionRefusal.VersionMismatch);
        }

        if (ModerationRules.Target(decision, current.VerificationStatus, current.VerifiedBefore) is not { } to)
        {
            return new(null, DecisionRefusal.WrongStatus, EnumText<VerificationStatus>.Of(current.VerificationStatus));
        }

        if (decision == AssociationDecision.Verify)
        {
            if (register is null || !ModerationRules.RegisterEntryMatches(current.RegisterCourt, current.RegisterNumber, register.Court, register.Number))
            {
                return new(null, DecisionRefusal.RegisterMismatch);
            }

            reason = $"{current.RegisterCourt} {current.RegisterNumber}";
        }

        await conn.ExecuteAsync(new CommandDefinition(
            update, new { Id = id, To = to, Reason = reason, Verify = decision == AssociationDecision.Verify }, tx, cancellationToken: ct));
        var outcome = ModerationRules.Outcome(decision);
        await NotifyAsync(
            conn, tx, id, ModerationTarget.Association, id, null, ModerationRules.Notification(decision), outcome,
            new JsonObject { ["reason"] = reason, ["associationName"] = current.Name }, ct);
        await AuditLog.WriteAsync(conn, tx, AuditEntry.ByUser(moderator.UserId, "association." + outcome, "association", id, reason, traceId), ct);
        var row = await AssociationStore.SelectAsync(conn, tx, id, moderator, ct);
        await tx.CommitAsync(ct);
        return new(row, DecisionRefusal.None);
    }

    private async Task<Decided<ListingRow>> DecideListingAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, ListingDecision decision, string? reason, Caller moderator, int? expectedVersion,
        string? traceId, CancellationToken ct)
    {
        const string select = """
            SELECT l.association_id, l.title, l.status, l.version,
                   l.hidden_at IS NOT NULL OR EXISTS (SELECT 1 FROM report r WHERE r.target_id = l.id AND r.status = 'open') AS reported
              FROM listing l WHERE l.id = @Id
               FOR UPDATE
            """;
        const string update = """
            UPDATE listing
               SET status = @To, hidden_at = NULL, updated_at = now(), version = version + 1,
                   published_at = CASE WHEN @To = 'published' THEN coalesce(published_at, now()) ELSE published_at END
             WHERE id = @Id
            """;
        var current = await conn.QuerySingleOrDefaultAsync<ListingState>(new CommandDefinition(select, new { Id = id }, tx, cancellationToken: ct));
        if (current is null)
        {
            return new(null, DecisionRefusal.NotFound);
        }

        if (expectedVersion is not null && expectedVersion != current.Version)
        {
            return new(null, DecisionRefusal.VersionMismatch);
        }

        var keep = decision == ListingDecision.Approve && current.Reported && ModerationRules.KeepableWhenReported.Contains(current.Status);
        if (!keep && !ModerationRules.AllowedFrom(decision).Contains(current.Status))
        {
            return new(null, DecisionRefusal.WrongStatus, EnumText<ListingStatus>.Of(current.Status));
        }

        var to = keep ? current.Status : ModerationRules.Target(decision);
        await conn.ExecuteAsync(new CommandDefinition(update, new { Id = id, To = to }, tx, cancellationToken: ct));
        // Published again (restored): its match candidates are computed anew; approval does it with the push.
        await listingChanges.ChangedAsync(conn, tx, id, ct);
        if (current.Status == ListingStatus.PendingReview && to == ListingStatus.Published)
        {
            // Approval is the listing's first publication: its counterparts hear of it as they would have at once.
            await listingChanges.FirstPublishedAsync(conn, tx, id, ct);
        }

        var outcome = ModerationRules.Outcome(decision);
        await NotifyAsync(
            conn, tx, current.AssociationId, ModerationTarget.Listing, id, id, ModerationRules.Notification(decision), outcome,
            new JsonObject { ["reason"] = reason, ["listingTitle"] = current.Title }, ct);
        await AuditLog.WriteAsync(conn, tx, AuditEntry.ByUser(moderator.UserId, "listing." + outcome, "listing", id, reason, traceId), ct);
        return new(await ListingStore.SelectAsync(conn, tx, id, moderator, ct), DecisionRefusal.None);
    }

    /// <summary>
    /// Closes the target's open reports with the outcome, tells the owner association the decision with its
    /// reason, and each reporting association the outcome alone (the title or name, never the reason or the
    /// other reporters).
    /// </summary>
    private static async Task NotifyAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, Guid ownerId, ModerationTarget targetType, Guid targetId, Guid? listingId,
        NotificationKind kind, string outcome, JsonObject data, CancellationToken ct)
    {
        const string close = """
            UPDATE report SET status = 'decided', decided_at = now(), decision = @Outcome
             WHERE target_id = @TargetId AND status = 'open'
            RETURNING reporter_association_id
            """;
        var reporters = (await conn.QueryAsync<Guid>(new CommandDefinition(close, new { TargetId = targetId, Outcome = outcome }, tx, cancellationToken: ct)))
            .Distinct()
            .Where(r => r != ownerId)
            .ToList();
        await Notifications.Notifications.WriteAsync(conn, tx, new NotificationEntry(ownerId, kind, ListingId: listingId, Data: data.ToJsonString()), ct);
        var title = targetType == ModerationTarget.Listing ? "listingTitle" : "associationName";
        var reporterData = new JsonObject
        {
            ["targetType"] = EnumText<ModerationTarget>.Of(targetType),
            ["decision"] = outcome,
            [title] = data[title]?.DeepClone(),
        }.ToJsonString();
        foreach (var reporter in reporters)
        {
            await Notifications.Notifications.WriteAsync(
                conn, tx, new NotificationEntry(reporter, NotificationKind.ReportDecided, ListingId: listingId, Data: reporterData), ct);
        }
    }

    private sealed record ListingState(Guid AssociationId, string Title, ListingStatus Status, int Version, bool Reported);

    private sealed record AssociationState(
        Guid Id, string Name, VerificationStatus VerificationStatus, string? RegisterCourt, string? RegisterNumber, bool VerifiedBefore, int Version);
}
