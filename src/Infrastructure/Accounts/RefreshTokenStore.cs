using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;

namespace ResourceShare.Infrastructure.Accounts;

public abstract record Rotation
{
    public sealed record Done(Guid UserId, PlatformRole Role, int SessionVersion) : Rotation;

    /// <summary>
    /// The token was already used: its whole family has now been revoked. <paramref name="EndedSessionsOf"/> is the
    /// user whose access tokens this ended (null when an earlier replay had revoked the family already).
    /// </summary>
    public sealed record Reused(Guid? EndedSessionsOf) : Rotation;

    public sealed record Invalid : Rotation;
}

/// <summary>Refresh tokens, stored only as SHA-256 hashes, rotated on every use.</summary>
public sealed class RefreshTokenStore(NpgsqlDataSource dataSource)
{
    public async Task IssueAsync(Guid userId, byte[] tokenHash, DateTime expiresAt, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO refresh_token (id, user_id, family_id, token_hash, expires_at)
            VALUES (@Id, @UserId, @Id, @TokenHash, @ExpiresAt)
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            sql, new { Id = Guid.CreateVersion7(), UserId = userId, TokenHash = tokenHash, ExpiresAt = expiresAt }, cancellationToken: ct));
    }

    /// <summary>
    /// Spends <paramref name="tokenHash"/> and issues <paramref name="nextHash"/> in its family. Presenting a
    /// spent token again means it leaked: the whole family is revoked, the legitimate holder's newest token too,
    /// and the user's session version counts up, so that the access tokens already issued stop working at once
    /// (on the user's other devices too, which get new ones with their own refresh tokens).
    /// </summary>
    public async Task<Rotation> RotateAsync(byte[] tokenHash, byte[] nextHash, DateTime nextExpiresAt, CancellationToken ct)
    {
        const string spend = """
            UPDATE refresh_token t SET used_at = now()
              FROM app_user u
             WHERE t.token_hash = @TokenHash AND u.id = t.user_id
               AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now()
            RETURNING t.user_id, t.family_id, u.platform_role, u.session_version
            """;
        const string issue = """
            INSERT INTO refresh_token (id, user_id, family_id, token_hash, expires_at)
            VALUES (@Id, @UserId, @FamilyId, @TokenHash, @ExpiresAt)
            """;
        const string revokeIfReused = """
            WITH revoked AS (
                UPDATE refresh_token SET revoked_at = now()
                 WHERE revoked_at IS NULL
                   AND family_id = (SELECT family_id FROM refresh_token WHERE token_hash = @TokenHash AND used_at IS NOT NULL)
                RETURNING user_id
            ),
            ended AS (
                UPDATE app_user SET session_version = session_version + 1
                 WHERE id = (SELECT user_id FROM revoked LIMIT 1)
            )
            SELECT user_id FROM revoked LIMIT 1
            """;

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var spent = await conn.QuerySingleOrDefaultAsync<SpentRow>(
            new CommandDefinition(spend, new { TokenHash = tokenHash }, tx, cancellationToken: ct));
        if (spent is not null)
        {
            await conn.ExecuteAsync(new CommandDefinition(
                issue,
                new { Id = Guid.CreateVersion7(), spent.UserId, spent.FamilyId, TokenHash = nextHash, ExpiresAt = nextExpiresAt },
                tx,
                cancellationToken: ct));
            await tx.CommitAsync(ct);
            return new Rotation.Done(spent.UserId, spent.PlatformRole, spent.SessionVersion);
        }

        var ended = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(revokeIfReused, new { TokenHash = tokenHash }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return ended is not null || await WasReusedAsync(conn, tokenHash, ct) ? new Rotation.Reused(ended) : new Rotation.Invalid();
    }

    private sealed record SpentRow(Guid UserId, Guid FamilyId, PlatformRole PlatformRole, int SessionVersion);

    private static Task<bool> WasReusedAsync(NpgsqlConnection conn, byte[] tokenHash, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM refresh_token WHERE token_hash = @TokenHash AND used_at IS NOT NULL)",
            new { TokenHash = tokenHash },
            cancellationToken: ct));
}
