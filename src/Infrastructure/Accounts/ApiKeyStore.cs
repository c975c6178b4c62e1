using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Audit;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Accounts;

public sealed record ApiKeyRow(
    Guid Id, Guid AssociationId, string Name, string Prefix, string[] Scopes, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>The principal an API key stands for.</summary>
public sealed record ApiKeyPrincipal(Guid Id, Guid AssociationId, string[] Scopes);

public sealed class ApiKeyStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, association_id, name, prefix, scopes, created_at, last_used_at, revoked_at";

    public async Task<(ApiKeyRow? Row, Refusal Refusal)> CreateAsync(
        Guid associationId, Caller caller, string name, string[] scopes, string prefix, byte[] keyHash, string? traceId, CancellationToken ct)
    {
        const string sql = $"""
            INSERT INTO api_key (id, association_id, name, prefix, key_hash, scopes, created_by)
            VALUES (@Id, @AssociationId, @Name, @Prefix, @KeyHash, @Scopes, @UserId)
            RETURNING {Columns}
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // A suspended association's keys do not work: a new one would be a secret for nothing.
        if (await Access.AuthorizeAsync(conn, tx, associationId, caller, Permission.ManageApiKeys, starting: true, ct: ct) is { } refusal)
        {
            return (null, refusal);
        }

        var row = await conn.QuerySingleAsync<ApiKeyRow>(new CommandDefinition(
            sql,
            new { Id = Guid.CreateVersion7(), AssociationId = associationId, Name = name, Prefix = prefix, KeyHash = keyHash, Scopes = scopes, caller.UserId },
            tx,
            cancellationToken: ct));
        await AuditLog.WriteAsync(conn, tx, AuditEntry.ByUser(caller.UserId, "api_key.created", "api_key", row.Id, null, traceId), ct);
        await tx.CommitAsync(ct);
        return (row, default);
    }

    public async Task<(IReadOnlyList<ApiKeyRow>? Rows, Refusal Refusal)> ListAsync(Guid associationId, Caller caller, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {Columns} FROM api_key
             WHERE association_id = @AssociationId
               AND caller_may(association_id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, false)
             ORDER BY created_at, id
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.ManageApiKeys, ct: ct) is { } refusal)
        {
            return (null, refusal);
        }

        var rows = await conn.QueryAsync<ApiKeyRow>(new CommandDefinition(
            sql, Database.Access.Parameters(caller, Permission.ManageApiKeys, new { AssociationId = associationId }), cancellationToken: ct));
        return (rows.AsList(), default);
    }

    public async Task<(bool Revoked, Refusal Refusal)> RevokeAsync(Guid associationId, Guid keyId, Caller caller, string? traceId, CancellationToken ct)
    {
        const string sql = """
            UPDATE api_key SET revoked_at = coalesce(revoked_at, now())
             WHERE id = @KeyId AND association_id = @AssociationId
               AND caller_may(association_id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, false)
            RETURNING id
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var revoked = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            sql, Database.Access.Parameters(caller, Permission.ManageApiKeys, new { AssociationId = associationId, KeyId = keyId }), tx, cancellationToken: ct));
        if (revoked is null)
        {
            // An owner asking for a key that is not there gets 404, like anybody asking for another association's key.
            var refusal = await Access.AuthorizeAsync(conn, tx, associationId, caller, Permission.ManageApiKeys, ct: ct);
            return (false, refusal ?? Refusal.NotFound);
        }

        await AuditLog.WriteAsync(conn, tx, AuditEntry.ByUser(caller.UserId, "api_key.revoked", "api_key", revoked.Value, null, traceId), ct);
        await tx.CommitAsync(ct);
        return (true, default);
    }

    /// <summary>
    /// The key's principal if it is valid, recording when it was last used (at most once a minute, so a busy
    /// integrator does not turn every read into a write).
    /// </summary>
    public async Task<ApiKeyPrincipal?> AuthenticateAsync(byte[] keyHash, CancellationToken ct)
    {
        const string sql = """
            WITH k AS (
                SELECT k.id, k.association_id, k.scopes, k.last_used_at
                  FROM api_key k JOIN association a ON a.id = k.association_id
                 WHERE k.key_hash = @KeyHash AND k.revoked_at IS NULL AND a.verification_status <> 'suspended'),
            touched AS (
                UPDATE api_key SET last_used_at = now()
                  FROM k
                 WHERE api_key.id = k.id AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute'))
            SELECT id, association_id, scopes FROM k
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ApiKeyPrincipal>(new CommandDefinition(sql, new { KeyHash = keyHash }, cancellationToken: ct));
    }
}
