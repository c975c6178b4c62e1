using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Associations;

public sealed record AssociationRow(
    Guid Id, string Name, string LegalForm, string? RegisterCourt, string? RegisterNumber, string PostalCode, string City,
    string Description, string[] Languages, string? Website, string? ContactEmail, VerificationStatus VerificationStatus,
    DateTime CreatedAt, DateTime UpdatedAt, int Version, bool PrivateVisible, decimal? RatingAverage, long RatingCount, long CompletedMatches);

public sealed record MemberRow(Guid UserId, string DisplayName, string Email, MembershipRole Role, DateTime JoinedAt);

public sealed record AssociationDetails(AssociationRow Association, IReadOnlyList<MemberRow>? Members);

public sealed record NewAssociation(
    string Name, string LegalForm, string? RegisterCourt, string? RegisterNumber, string PostalCode, string City,
    string Description, string[] Languages, string? Website, string? ContactEmail);

/// <summary>A profile change; null leaves a field as it is, "" clears an optional one.</summary>
public sealed record AssociationChange(
    string? Name, string? LegalForm, string? RegisterCourt, string? RegisterNumber, string? PostalCode, string? City,
    string? Description, string[]? Languages, string? Website, string? ContactEmail);

public sealed record DirectoryFilter(string? Text, string? City, string? Language, bool? Verified);

/// <summary>
/// Keyset position in the directory: the last row's name and id. Only the database lowers names, for
/// sorting, comparing and searching alike; .NET lowers some letters otherwise ("İ" stays "İ" there, becomes
/// "i" in PostgreSQL), and a cursor lowered in .NET would skip or repeat rows.
/// </summary>
public sealed record DirectoryPosition(string Name, Guid Id);

public sealed class AssociationStore(NpgsqlDataSource dataSource)
{
    internal const string Columns = """
        a.id, a.name, a.legal_form, a.register_court, a.register_number, a.postal_code, a.city, a.description,
        a.languages, a.website, CASE WHEN p.may THEN a.contact_email END AS contact_email, a.verification_status,
        a.created_at, a.updated_at, a.version, p.may AS private_visible,
        t.rating_avg AS rating_average, t.rating_count, t.completed_count AS completed_matches
        """;

    // The public trust figures (migration 0009's view), looked up per association row.
    private const string TrustJoin = "CROSS JOIN LATERAL (SELECT rating_avg, rating_count, completed_count FROM association_trust WHERE association_id = a.id) t";

    public async Task<AssociationRow> CreateAsync(Guid ownerId, NewAssociation association, CancellationToken ct)
    {
        const string insert = """
            INSERT INTO association (id, name, legal_form, register_court, register_number, postal_code, city,
                                     description, languages, website, contact_email)
            VALUES (@Id, @Name, @LegalForm, @RegisterCourt, @RegisterNumber, @PostalCode, @City,
                    @Description, @Languages, @Website, @ContactEmail)
            """;
        const string owner = "INSERT INTO membership (association_id, user_id, role) VALUES (@Id, @OwnerId, 'owner')";
        var id = Guid.CreateVersion7();
        await using var write = await WriteTransaction.BeginAsync(dataSource, ct);
        var (conn, tx) = write;
        await conn.ExecuteAsync(new CommandDefinition(
            insert,
            new
            {
                Id = id, association.Name, association.LegalForm, association.RegisterCourt, association.RegisterNumber, association.PostalCode, association.City, association.Description,
                association.Languages, association.Website, association.ContactEmail,
            },
            tx,
            cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(owner, new { Id = id, OwnerId = ownerId }, tx, cancellationToken: ct));
        var row = await SelectAsync(conn, tx, id, Caller.User(ownerId, PlatformRole.Member), ct);
        await write.CommitAsync(ct);
        return row!;
    }

    /// <summary>
    /// The profile as <paramref name="caller"/> may see it: contact email and members only for its members,
    /// its keys and moderators; a suspended association only for them.
    /// </summary>
    public async Task<AssociationDetails?> GetAsync(Guid id, Caller caller, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await SelectAsync(conn, null, id, caller, ct);
        if (row is null)
        {
            return null;
        }

        return new AssociationDetails(row, row.PrivateVisible ? await MembersAsync(conn, id, ct) : null);
    }

    /// <summary>The association a user belongs to, when it is exactly one; null otherwise (or for API keys).</summary>
    public async Task<Guid?> OnlyMembershipAsync(Caller caller, CancellationToken ct)
    {
        const string sql = "SELECT association_id FROM membership WHERE user_id = @UserId LIMIT 2";
        if (caller.UserId is null)
        {
            return null;
        }

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var ids = (await conn.QueryAsync<Guid>(new CommandDefinition(sql, new { caller.UserId }, cancellationToken: ct))).AsList();
        return ids.Count == 1 ? ids[0] : null;
    }

    public async Task<IReadOnlyList<MemberRow>?> ListMembersAsync(Guid id, Caller caller, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await SelectAsync(conn, null, id, caller, ct);
        return row is { PrivateVisible: true } ? await MembersAsync(conn, id, ct) : null;
    }

    public async Task<IReadOnlyList<AssociationRow>> DirectoryAsync(DirectoryFilter filter, DirectoryPosition? after, int limit, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {Columns}
              FROM association a CROSS JOIN LATERAL (SELECT false AS may) p {TrustJoin}
             WHERE a.verification_status <> 'suspended' AND a.dissolved_at IS NULL
               AND (@Text::text IS NULL OR lower(a.name) LIKE '%' || lower(@Text) || '%')
               AND (@City::text IS NULL OR lower(a.city) = lower(@City))
               AND (@Language::text IS NULL OR a.languages @> ARRAY[@Language::text])
               AND (@Verified::boolean IS NULL OR (a.verification_status = 'verified') = @Verified)
               AND (@AfterName::text IS NULL OR (lower(a.name), a.id) > (lower(@AfterName), @AfterId))
             ORDER BY lower(a.name), a.id
             LIMIT @Limit
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<AssociationRow>(new CommandDefinition(
            sql,
            new
            {
                Text = filter.Text is null ? null : Like.Escape(filter.Text),
                filter.City,
                filter.Language,
                filter.Verified,
                AfterName = after?.Name,
                AfterId = after?.Id,
                Limit = limit,
            },
            cancellationToken: ct));
        return rows.AsList();
    }

    public async Task<(AssociationRow? Row, Refusal Refusal)> UpdateAsync(Guid id, Caller caller, AssociationChange change, int? expectedVersion, CancellationToken ct)
    {
        const string sql = $"""
            WITH updated AS (
                UPDATE association a
                   SET name = coalesce(@Name, name),
                       legal_form = coalesce(@LegalForm, legal_form),
                       register_court = CASE WHEN @RegisterCourt::text IS NULL THEN register_court ELSE nullif(@RegisterCourt, '') END,
                       register_number = CASE WHEN @RegisterNumber::text IS NULL THEN register_number ELSE nullif(@RegisterNumber, '') END,
                       postal_code = coalesce(@PostalCode, postal_code),
                       city = coalesce(@City, city),
                       description = coalesce(@Description, description),
                       languages = coalesce(@Languages, languages),
                       website = CASE WHEN @Website::text IS NULL THEN website ELSE nullif(@Website, '') END,
                       contact_email = CASE WHEN @ContactEmail::text IS NULL THEN contact_email ELSE nullif(@ContactEmail, '') END,
                       updated_at = now(), version = version + 1
                 WHERE a.id = @Id
                   AND caller_may(a.id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, @Oversee)
                   AND (@ExpectedVersion::int IS NULL OR a.version = @ExpectedVersion)
                RETURNING a.*)
            SELECT {Columns} FROM updated a CROSS JOIN LATERAL (SELECT true AS may) p {TrustJoin}
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<AssociationRow>(new CommandDefinition(
            sql,
            Access.Parameters(caller, Permission.EditProfile, new
            {
                Id = id, change.Name, change.LegalForm, change.RegisterCourt, change.RegisterNumber, change.PostalCode, change.City, change.Description,
                change.Languages, change.Website, change.ContactEmail, ExpectedVersion = expectedVersion,
            }),
            cancellationToken: ct));
        if (row is not null)
        {
            return (row, default);
        }

        // Allowed and current, yet no row: it changed between the two statements; report it as changed.
        return (null, await Access.AuthorizeAsync(conn, null, id, caller, Permission.EditProfile, expectedVersion, ct: ct) ?? Refusal.VersionMismatch);
    }

    internal static async Task<AssociationRow?> SelectAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, Caller caller, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {Columns}
              FROM association a
              CROSS JOIN LATERAL (SELECT caller_may(a.id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, @Oversee) AS may) p
              {TrustJoin}
             WHERE a.id = @Id AND a.dissolved_at IS NULL AND (a.verification_status <> 'suspended' OR p.may)
            """;
        return await conn.QuerySingleOrDefaultAsync<AssociationRow>(new CommandDefinition(
            sql, Access.Parameters(caller, Permission.ReadPrivate, new { Id = id }), tx, cancellationToken: ct));
    }

    private static async Task<IReadOnlyList<MemberRow>> MembersAsync(NpgsqlConnection conn, Guid id, CancellationToken ct)
    {
        const string sql = """
            SELECT u.id AS user_id, u.display_name, u.email, m.role, m.created_at AS joined_at
              FROM membership m JOIN app_user u ON u.id = m.user_id
             WHERE m.association_id = @Id
             ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'coordinator' THEN 1 ELSE 2 END, lower(u.display_name), u.id
            """;
        return (await conn.QueryAsync<MemberRow>(new CommandDefinition(sql, new { Id = id }, cancellationToken: ct))).AsList();
    }
}
