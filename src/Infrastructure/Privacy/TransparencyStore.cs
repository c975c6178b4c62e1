using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;

namespace ResourceShare.Infrastructure.Privacy;

public sealed record TermsAcceptance(string? Version, DateTime? AcceptedAt);

/// <summary>What a person agreed to, and who looked at an association's private data from outside it.</summary>
public sealed class TransparencyStore(NpgsqlDataSource dataSource)
{
    public async Task<TermsAcceptance?> TermsAsync(Guid userId, CancellationToken ct)
    {
        const string sql = "SELECT accepted_terms_version AS version, accepted_terms_at AS accepted_at FROM app_user WHERE id = @Id AND erased_at IS NULL";
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<TermsAcceptance>(new CommandDefinition(sql, new { Id = userId }, cancellationToken: ct));
    }

    public async Task<TermsAcceptance?> AcceptTermsAsync(Guid userId, string version, CancellationToken ct)
    {
        const string sql = """
            UPDATE app_user SET accepted_terms_version = @Version, accepted_terms_at = now()
             WHERE id = @Id AND erased_at IS NULL
            RETURNING accepted_terms_version AS version, accepted_terms_at AS accepted_at
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<TermsAcceptance>(new CommandDefinition(sql, new { Id = userId, Version = version }, cancellationToken: ct));
    }

    /// <summary>
    /// Writes to the audit log that a moderator read the association's <paramref name="what"/> (contact data, members),
    /// unless they read it as one of its members.
    /// </summary>
    public async Task RecordOversightAsync(Caller caller, Guid associationId, string what, string? traceId, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO audit_log (id, actor_id, actor_kind, action, target_type, target_id, trace_id)
            SELECT @Id, @UserId, 'user', @Action, 'association', @AssociationId, @TraceId
             WHERE NOT EXISTS (SELECT 1 FROM membership WHERE association_id = @AssociationId AND user_id = @UserId)
            """;
        if (!caller.IsModerator)
        {
            return;
        }

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            sql, new { Id = Guid.CreateVersion7(), caller.UserId, Action = "association." + what + "_read", AssociationId = associationId, TraceId = traceId },
            cancellationToken: ct));
    }
}
