using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;
using ResourceShare.Infrastructure.Audit;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Accounts;

public sealed record UserRow(
    Guid Id, string Email, string DisplayName, string PreferredLanguage, PlatformRole PlatformRole,
    DateTime CreatedAt, DateTime UpdatedAt, int Version, int SessionVersion);

public sealed record SignInRow(Guid Id, string Email, string PasswordHash, PlatformRole PlatformRole, int SessionVersion);

public sealed record MembershipOfUserRow(
    Guid AssociationId, string AssociationName, VerificationStatus VerificationStatus, MembershipRole Role);

public sealed record UserProfile(UserRow User, IReadOnlyList<MembershipOfUserRow> Memberships);

public abstract record UserUpdate
{
    public sealed record Done(UserRow Row) : UserUpdate;

    public sealed record NotFound : UserUpdate;

    public sealed record VersionMismatch : UserUpdate;
}

public sealed class UserStore(NpgsqlDataSource dataSource)
{
    private const string UserColumns =
        "id, email, display_name, preferred_language, platform_role, created_at, updated_at, version, session_version";

    /// <summary>
    /// Creates the user, with the terms version they accepted if any, or returns null when the email is taken (the
    /// unique index decides).
    /// </summary>
    public async Task<UserRow?> CreateAsync(
        string email, string displayName, string preferredLanguage, string passwordHash, string? acceptedTermsVersion, CancellationToken ct)
    {
        const string sql = $"""
            INSERT INTO app_user (id, email, display_name, preferred_language, password_hash, accepted_terms_version, accepted_terms_at)
            VALUES (@Id, @Email, @DisplayName, @PreferredLanguage, @PasswordHash, @TermsVersion,
                    CASE WHEN @TermsVersion::text IS NULL THEN NULL ELSE now() END)
            ON CONFLICT ((lower(email))) DO NOTHING
            RETURNING {UserColumns}
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            sql,
            new
            {
                Id = Guid.CreateVersion7(),
                Email = email,
                DisplayName = displayName,
                PreferredLanguage = preferredLanguage,
                PasswordHash = passwordHash,
                TermsVersion = acceptedTermsVersion,
            },
            cancellationToken: ct));
    }

    public async Task<SignInRow?> FindForSignInAsync(string email, CancellationToken ct)
    {
        const string sql = "SELECT id, email, password_hash, platform_role, session_version FROM app_user WHERE lower(email) = lower(@Email) AND erased_at IS NULL";
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<SignInRow>(new CommandDefinition(sql, new { Email = email }, cancellationToken: ct));
    }

    public async Task<SignInRow?> FindForSignInAsync(Guid id, CancellationToken ct)
    {
        const string sql = "SELECT id, email, password_hash, platform_role, session_version FROM app_user WHERE id = @Id AND erased_at IS NULL";
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<SignInRow>(new CommandDefinition(sql, new { Id = id }, cancellationToken: ct));
    }

    /// <summary>Replaces a hash made with older parameters, unless the password changed meanwhile.</summary>
    public async Task UpgradePasswordHashAsync(Guid id, string oldHash, string newHash, CancellationToken ct)
    {
        const string sql = "UPDATE app_user SET password_hash = @NewHash WHERE id = @Id AND password_hash = @OldHash";
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, new { Id = id, OldHash = oldHash, NewHash = newHash }, cancellationToken: ct));
    }

    /// <summary>
    /// Sets a new password hash and ends every session of the user (refresh tokens revoked, access tokens
    /// outdated), atomically; false when the password changed meanwhile (the old hash no longer matches).
    /// </summary>
    public async Task<bool> ChangePasswordAsync(Guid id, string oldHash, string newHash, CancellationToken ct)
    {
        const string sql = """
            WITH changed AS (
                UPDATE app_user SET password_hash = @NewHash, updated_at = now(), version = version + 1,
                                    session_version = session_version + 1
                 WHERE id = @Id AND password_hash = @OldHash
                RETURNING id),
            revoked AS (
                UPDATE refresh_token SET revoked_at = now()
                 WHERE user_id IN (SELECT id FROM changed) AND revoked_at IS NULL)
            SELECT count(*) FROM changed
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { Id = id, OldHash = oldHash, NewHash = newHash }, cancellationToken: ct)) > 0;
    }

    /// <summary>Signs the user out everywhere: revokes every refresh token and outdates every access token issued so far.</summary>
    public async Task EndSessionsAsync(Guid id, CancellationToken ct)
    {
        const string sql = """
            WITH revoked AS (
                UPDATE refresh_token SET revoked_at = now() WHERE user_id = @Id AND revoked_at IS NULL)
            UPDATE app_user SET session_version = session_version + 1 WHERE id = @Id
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, new { Id = id }, cancellationToken: ct));
    }

    public async Task<UserProfile?> GetProfileAsync(Guid id, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {UserColumns} FROM app_user WHERE id = @Id;
            SELECT a.id AS association_id, a.name AS association_name, a.verification_status, m.role
              FROM membership m JOIN association a ON a.id = m.association_id
             WHERE m.user_id = @Id
             ORDER BY lower(a.name), a.id;
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var reader = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { Id = id }, cancellationToken: ct));
        var user = await reader.ReadSingleOrDefaultAsync<UserRow>();
        var memberships = (await reader.ReadAsync<MembershipOfUserRow>()).AsList();
        return user is null ? null : new UserProfile(user, memberships);
    }

    public async Task<UserUpdate> UpdateProfileAsync(Guid id, string? displayName, string? preferredLanguage, int? expectedVersion, CancellationToken ct)
    {
        const string sql = $"""
            UPDATE app_user
               SET display_name = coalesce(@DisplayName, display_name),
                   preferred_language = coalesce(@PreferredLanguage, preferred_language),
                   updated_at = now(), version = version + 1
             WHERE id = @Id AND (@ExpectedVersion::int IS NULL OR version = @ExpectedVersion)
            RETURNING {UserColumns}
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            sql, new { Id = id, DisplayName = displayName, PreferredLanguage = preferredLanguage, ExpectedVersion = expectedVersion }, cancellationToken: ct));
        if (row is not null)
        {
            return new UserUpdate.Done(row);
        }

        var exists = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM app_user WHERE id = @Id)", new { Id = id }, cancellationToken: ct));
        return exists ? new UserUpdate.VersionMismatch() : new UserUpdate.NotFound();
    }

    /// <summary>Sets a user's platform role and writes the audit row in the same transaction.</summary>
    public async Task<UserRow?> SetPlatformRoleAsync(string email, PlatformRole role, Guid? actorId, string? traceId, CancellationToken ct)
    {
        const string sql = $"""
            UPDATE app_user SET platform_role = @Role, updated_at = now(), version = version + 1
             WHERE lower(email) = lower(@Email)
            RETURNING {UserColumns}
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(sql, new { Email = email, Role = role }, tx, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        await AuditLog.WriteAsync(conn, tx, AuditEntry.ByUser(actorId, "user.role_granted", "user", row.Id, EnumText<PlatformRole>.Of(role), traceId), ct);
        await tx.CommitAsync(ct);
        return row;
    }
}
