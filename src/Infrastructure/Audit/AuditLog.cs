using Dapper;
using Npgsql;

namespace ResourceShare.Infrastructure.Audit;

public sealed record AuditEntry(Guid? ActorId, string ActorKind, string Action, string TargetType, Guid TargetId, string? Reason, string? TraceId)
{
    public static AuditEntry ByUser(Guid? actorId, string action, string targetType, Guid targetId, string? reason, string? traceId) =>
        new(actorId, actorId is null ? "system" : "user", action, targetType, targetId, reason, traceId);
}

/// <summary>
/// Writes audit rows inside the caller's transaction, so an action and its record commit together.
/// The table is append-only (a trigger refuses UPDATE, DELETE and TRUNCATE).
/// </summary>
public static class AuditLog
{
    public static Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AuditEntry entry, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO audit_log (id, actor_id, actor_kind, action, target_type, target_id, reason, trace_id)
            VALUES (@Id, @ActorId, @ActorKind, @Action, @TargetType, @TargetId, @Reason, @TraceId)
            """;
        return conn.ExecuteAsync(new CommandDefinition(
            sql,
            new { Id = Guid.CreateVersion7(), entry.ActorId, entry.ActorKind, entry.Action, entry.TargetType, entry.TargetId, entry.Reason, entry.TraceId },
            tx,
            cancellationToken: ct));
    }
}
