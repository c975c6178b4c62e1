using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Privacy;

public sealed record ExportedProfile(
    Guid Id, string Email, string DisplayName, string PreferredLanguage, string PlatformRole, DateTime CreatedAt, DateTime UpdatedAt,
    string? AcceptedTermsVersion, DateTime? AcceptedTermsAt);

public sealed record ExportedMembership(Guid AssociationId, string AssociationName, string Role, DateTime JoinedAt);

public sealed record ExportedMember(Guid UserId, string DisplayName, string Email, string Role, DateTime JoinedAt);

public sealed record ExportedListing(
    Guid Id, Guid AssociationId, string Kind, string Category, string Title, string Description, string Status, string PostalCode,
    string City, string? StreetAddress, DateTime ValidUntil, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record ExportedMessage(Guid Id, Guid MatchId, Guid AuthorAssociationId, Guid? AuthorUserId, string Body, DateTime CreatedAt);

public sealed record ExportedReport(
    Guid Id, string TargetType, Guid TargetId, Guid ReporterAssociationId, string Reason, string? Comment, string Status, string? Decision,
    DateTime CreatedAt, DateTime? DecidedAt);

public sealed record ExportedFeedback(
    Guid MatchId, Guid FromAssociationId, Guid ToAssociationId, short Rating, string? Comment, DateTime CreatedAt);

public sealed record ExportedSession(
    Guid Id, Guid FamilyId, DateTime CreatedAt, DateTime ExpiresAt, DateTime? UsedAt, DateTime? RevokedAt);

public sealed record ExportedApiKey(Guid Id, Guid AssociationId, string Name, string Prefix, string[] Scopes, DateTime CreatedAt, DateTime? RevokedAt);

public sealed record ExportedAuditEntry(
    Guid Id, DateTime OccurredAt, Guid? ActorId, string ActorKind, string Action, string TargetType, Guid TargetId, string? Reason);

public sealed record ExportedAssociation(
    Guid Id, string Name, string LegalForm, string? RegisterCourt, string? RegisterNumber, string PostalCode, string City,
    string Description, string[] Languages, string? Website, string? ContactEmail, string VerificationStatus, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record ExportedMatch(
    Guid Id, Guid RequestId, Guid OfferId, Guid RequesterId, Guid ProviderId, string Status, int Quantity, string? Message, string? Reason,
    DateTime StartsAt, DateTime EndsAt, DateTime CreatedAt);

public sealed record ExportedNotification(Guid Id, string Kind, Guid? MatchId, Guid? ListingId, string Data, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>Everything the platform holds about one person (GDPR Art. 15 and 20).</summary>
public sealed record PersonalExport(
    DateTime ExportedAt, ExportedProfile Profile, IReadOnlyList<ExportedMembership> Memberships, IReadOnlyList<ExportedListing> Listings,
    IReadOnlyList<ExportedMessage> Messages, IReadOnlyList<ExportedReport> Reports, IReadOnlyList<ExportedFeedback> Feedback,
    IReadOnlyList<ExportedSession> Sessions, IReadOnlyList<ExportedApiKey> ApiKeysCreated, IReadOnlyList<ExportedAuditEntry> AuditEntries);

/// <summary>Everything the platform holds about one association, for its owners.</summary>
public sealed record AssociationExport(
    DateTime ExportedAt, ExportedAssociation Association, IReadOnlyList<ExportedMember> Members, IReadOnlyList<ExportedListing> Listings,
    IReadOnlyList<ExportedMatch> Matches, IReadOnlyList<ExportedMessage> Messages, IReadOnlyList<ExportedFeedback> Feedback,
    IReadOnlyList<ExportedReport> Reports, IReadOnlyList<ExportedNotification> Notifications, IReadOnlyList<ExportedApiKey> ApiKeys,
    IReadOnlyList<ExportedAuditEntry> AuditEntries);

/// <summary>The exports of GDPR Art. 15 and 20: each one statement batch, read in one round trip.</summary>
public sealed class ExportStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string ListingColumns = """
        l.id, l.association_id, l.kind, l.category, l.title, l.description, l.status, l.postal_code, l.city, l.street_address,
        l.valid_until, l.created_at, l.updated_at
        """;

    private const string ReportColumns = """
        r.id, r.target_type, r.target_id, r.reporter_association_id, r.reason, r.comment, r.status, r.decision, r.created_at, r.decided_at
        """;

    /// <summary>The signed-in person's data; null when the account is gone.</summary>
    public async Task<PersonalExport?> ExportPersonAsync(Guid userId, CancellationToken ct)
    {
        const string sql = $"""
            SELECT id, email, display_name, preferred_language, platform_role, created_at, updated_at, accepted_terms_version, accepted_terms_at
              FROM app_user WHERE id = @Id AND erased_at IS NULL;
            SELECT m.association_id, a.name AS association_name, m.role, m.created_at AS joined_at
              FROM membership m JOIN association a ON a.id = m.association_id
             WHERE m.user_id = @Id ORDER BY m.created_at;
            SELECT {ListingColumns} FROM listing l WHERE l.created_by = @Id ORDER BY l.created_at, l.id;
            SELECT id, match_id, author_association_id, author_user_id, body, created_at
              FROM match_message WHERE author_user_id = @Id ORDER BY created_at, id;
            SELECT {ReportColumns} FROM report r WHERE r.reporter_id = @Id ORDER BY r.created_at, r.id;
            SELECT match_id, from_association_id, to_association_id, rating, comment, created_at
              FROM feedback WHERE given_by = @Id ORDER BY created_at;
            SELECT id, family_id, created_at, expires_at, used_at, revoked_at
              FROM refresh_token WHERE user_id = @Id ORDER BY created_at, id;
            SELECT id, association_id, name, prefix, scopes, created_at, revoked_at
              FROM api_key WHERE created_by = @Id ORDER BY created_at, id;
            SELECT id, occurred_at, actor_id, actor_kind, action, target_type, target_id, reason
              FROM audit_log WHERE actor_id = @Id OR target_id = @Id ORDER BY occurred_at, id;
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var reader = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { Id = userId }, cancellationToken: ct));
        var profile = await reader.ReadSingleOrDefaultAsync<ExportedProfile>();
        if (profile is null)
        {
            return null;
        }

        return new PersonalExport(
            time.GetUtcNow().UtcDateTime, profile,
            (await reader.ReadAsync<ExportedMembership>()).AsList(),
            (await reader.ReadAsync<ExportedListing>()).AsList(),
            (await reader.ReadAsync<ExportedMessage>()).AsList(),
            (await reader.ReadAsync<ExportedReport>()).AsList(),
            (await reader.ReadAsync<ExportedFeedback>()).AsList(),
            (await reader.ReadAsync<ExportedSession>()).AsList(),
            (await reader.ReadAsync<ExportedApiKey>()).AsList(),
            (await reader.ReadAsync<ExportedAuditEntry>()).AsList());
    }

    /// <summary>An association's data for its owners: (null, refusal) when the caller may not take it.</summary>
    public async Task<(AssociationExport? Export, Refusal Refusal)> ExportAssociationAsync(Guid associationId, Caller caller, CancellationToken ct)
    {
        const string sql = $"""
            SELECT id, name, legal_form, register_court, register_number, postal_code, city, description, languages, website,
                   contact_email, verification_status, created_at, updated_at
              FROM association WHERE id = @Id;
            SELECT u.id AS user_id, u.display_name, u.email, m.role, m.created_at AS joined_at
              FROM membership m JOIN app_user u ON u.id = m.user_id
             WHERE m.association_id = @Id ORDER BY m.created_at, u.id;
            SELECT {ListingColumns} FROM listing l WHERE l.association_id = @Id ORDER BY l.created_at, l.id;
            SELECT id, request_id, offer_id, requester_id, provider_id, status, quantity, message, reason, starts_at, ends_at, created_at
              FROM match WHERE requester_id = @Id OR provider_id = @Id ORDER BY created_at, id;
            SELECT mm.id, mm.match_id, mm.author_association_id, mm.author_user_id, mm.body, mm.created_at
              FROM match_message mm JOIN match m ON m.id = mm.match_id
             WHERE m.requester_id = @Id OR m.provider_id = @Id ORDER BY mm.created_at, mm.id;
            SELECT match_id, from_association_id, to_association_id, rating, comment, created_at
              FROM feedback WHERE from_association_id = @Id OR to_association_id = @Id ORDER BY created_at;
            SELECT {ReportColumns} FROM report r WHERE r.reporter_association_id = @Id ORDER BY r.created_at, r.id;
            SELECT id, kind, match_id, listing_id, data::text AS data, created_at, read_at
              FROM notification WHERE association_id = @Id ORDER BY created_at, id;
            SELECT id, association_id, name, prefix, scopes, created_at, revoked_at
              FROM api_key WHERE association_id = @Id ORDER BY created_at, id;
            SELECT id, occurred_at, actor_id, actor_kind, action, target_type, target_id, reason
              FROM audit_log WHERE target_id = @Id ORDER BY occurred_at, id;
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.ExportData, ct: ct) is { } refusal)
        {
            return (null, refusal);
        }

        await using var reader = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { Id = associationId }, cancellationToken: ct));
        var association = await reader.ReadSingleAsync<ExportedAssociation>();
        return (new AssociationExport(
            time.GetUtcNow().UtcDateTime, association,
            (await reader.ReadAsync<ExportedMember>()).AsList(),
            (await reader.ReadAsync<ExportedListing>()).AsList(),
            (await reader.ReadAsync<ExportedMatch>()).AsList(),
            (await reader.ReadAsync<ExportedMessage>()).AsList(),
            (await reader.ReadAsync<ExportedFeedback>()).AsList(),
            (await reader.ReadAsync<ExportedReport>()).AsList(),
            (await reader.ReadAsync<ExportedNotification>()).AsList(),
            (await reader.ReadAsync<ExportedApiKey>()).AsList(),
            (await reader.ReadAsync<ExportedAuditEntry>()).AsList()), default);
    }
}
