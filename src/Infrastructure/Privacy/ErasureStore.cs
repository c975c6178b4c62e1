using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Associations;
using ResourceShare.Infrastructure.Audit;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Privacy;

public abstract record Erasure
{
    /// <summary>Erased; <paramref name="Pseudonym"/> stands for the person in what stays.</summary>
    public sealed record Done(Guid Pseudonym) : Erasure;

    /// <summary>The person is the last owner of these associations: hand them over or dissolve them first.</summary>
    public sealed record LastOwner(IReadOnlyList<Guid> AssociationIds) : Erasure;

    public sealed record NotFound : Erasure;
}

public abstract record Dissolution
{
    public sealed record Done : Dissolution;

    public sealed record Refused(Refusal Refusal) : Dissolution;

    /// <summary>Proposed or accepted matches must be settled (declined, withdrawn, cancelled or completed) first.</summary>
    public sealed record OpenMatches : Dissolution;
}

/// <summary>
/// Erasure (GDPR Art. 17) of a person and dissolution of an association. What only serves the person goes; what
/// others rely on (matches, bookings, messages the other side received, reports, the audit log) stays with a
/// pseudonym: the account row keeps a fresh random id, and the references follow it (ON UPDATE CASCADE, and the
/// audit log through pseudonymise_audit_log).
/// </summary>
public sealed class ErasureStore(NpgsqlDataSource dataSource)
{
    public async Task<Erasure> EraseUserAsync(Guid userId, string? traceId, CancellationToken ct)
    {
        const string lockUser = "SELECT email FROM app_user WHERE id = @Id AND erased_at IS NULL FOR UPDATE";
        // Membership changes lock the association row first (MembershipStore); so does this, so that no owner
        // leaves meanwhile and "at least one owner" holds.
        const string lockAssociations = """
            SELECT a.id FROM association a
             WHERE a.id IN (SELECT association_id FROM membership WHERE user_id = @Id)
             ORDER BY a.id FOR UPDATE
            """;
        const string soleOwnerships = """
            SELECT m.association_id FROM membership m
             WHERE m.user_id = @Id AND m.role = 'owner'
               AND NOT EXISTS (SELECT 1 FROM membership o
                                WHERE o.association_id = m.association_id AND o.role = 'owner' AND o.user_id <> @Id)
             ORDER BY m.association_id
            """;
        // Rows that serve only the person go. Throttling and replay keys carry the email, the id or answers that
        // named them; they are short-lived anyway.
        const string erase = """
            DELETE FROM membership WHERE user_id = @Id;
            DELETE FROM refresh_token WHERE user_id = @Id;
            DELETE FROM web_session WHERE user_id = @Id;
            DELETE FROM mail_digest_item WHERE user_id = @Id;
            DELETE FROM mail WHERE user_id = @Id;
            DELETE FROM mail_preference WHERE user_id = @Id;
            DELETE FROM notification
             WHERE kind = 'saved_search_matched'
               AND (data ->> 'savedSearchId')::uuid IN (SELECT id FROM saved_search WHERE user_id = @Id);
            DELETE FROM saved_search WHERE user_id = @Id;
            DELETE FROM sign_in_backoff WHERE strpos(lower(key), lower(@Email)) > 0;
            DELETE FROM rate_limit_bucket WHERE strpos(lower(key), lower(@Email)) > 0 OR strpos(key, @IdText) > 0;
            DELETE FROM idempotency_key
             WHERE strpos(principal, @IdText) > 0 OR strpos(coalesce(location, ''), @IdText) > 0
                OR strpos(coalesce(body, ''), @IdText) > 0 OR strpos(lower(coalesce(body, '')), lower(@Email)) > 0;
            UPDATE app_user
               SET id = @Pseudonym, email = 'erased-' || @Pseudonym || '@erased.invalid', display_name = '', password_hash = '',
                   platform_role = 'member', erased_at = now(), updated_at = now(), version = version + 1,
                   session_version = session_version + 1
             WHERE id = @Id;
            SELECT pseudonymise_audit_log(@Id, @Pseudonym);
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var email = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(lockUser, new { Id = userId }, tx, cancellationToken: ct));
        if (email is null)
        {
            return new Erasure.NotFound();
        }

        await conn.ExecuteAsync(new CommandDefinition(lockAssociations, new { Id = userId }, tx, cancellationToken: ct));
        var sole = (await conn.QueryAsync<Guid>(new CommandDefinition(soleOwnerships, new { Id = userId }, tx, cancellationToken: ct))).AsList();
        if (sole.Count > 0)
        {
            return new Erasure.LastOwner(sole);
        }

        var pseudonym = Guid.NewGuid();
        await conn.ExecuteAsync(new CommandDefinition(
            erase, new { Id = userId, IdText = userId.ToString(), Email = email, Pseudonym = pseudonym }, tx, cancellationToken: ct));
        await AuditLog.WriteAsync(conn, tx, AuditEntry.ByUser(pseudonym, "user.erased", "user", pseudonym, null, traceId), ct);
        await tx.CommitAsync(ct);
        return new Erasure.Done(pseudonym);
    }

    /// <summary>
    /// Dissolves an association for one of its owners: members, API keys, webhook endpoints, saved searches and the inbox go, its open
    /// listings close, street addresses and the contact data are cleared; the row stays for the other sides of its matches.
    /// </summary>
    public async Task<Dissolution> DissolveAsync(Guid associationId, Caller caller, string? traceId, CancellationToken ct)
    {
        const string openMatches = """
            SELECT EXISTS (SELECT 1 FROM match
                            WHERE (requester_id = @Id OR provider_id = @Id) AND status IN ('proposed', 'accepted'))
            """;
        const string dissolve = """
            DELETE FROM membership WHERE association_id = @Id;
            DELETE FROM api_key WHERE association_id = @Id;
            DELETE FROM webhook_endpoint WHERE association_id = @Id;
            DELETE FROM saved_search WHERE association_id = @Id;
            DELETE FROM notification WHERE association_id = @Id;
            UPDATE listing
               SET status = CASE WHEN status IN ('draft', 'pending_review', 'published', 'paused') THEN 'closed' ELSE status END,
                   close_reason = CASE WHEN status IN ('draft', 'pending_review', 'published', 'paused') THEN 'withdrawn' ELSE close_reason END,
                   street_address = NULL, updated_at = now(), version = version + 1
             WHERE association_id = @Id;
            UPDATE association
               SET contact_email = NULL, website = NULL, register_court = NULL, register_number = NULL, description = '',
                   dissolved_at = now(), updated_at = now(), version = version + 1
             WHERE id = @Id;
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await Access.AuthorizeAsync(conn, tx, associationId, caller, Permission.Dissolve, lockRow: true, ct: ct) is { } refusal)
        {
            return new Dissolution.Refused(refusal);
        }

        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(openMatches, new { Id = associationId }, tx, cancellationToken: ct)))
        {
            return new Dissolution.OpenMatches();
        }

        await conn.ExecuteAsync(new CommandDefinition(dissolve, new { Id = associationId }, tx, cancellationToken: ct));
        await AuditLog.WriteAsync(conn, tx, AuditEntry.ByUser(caller.UserId, "association.dissolved", "association", associationId, null, traceId), ct);
        await tx.CommitAsync(ct);
        return new Dissolution.Done();
    }
}
