using Dapper;
using Npgsql;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Notifications;

/// <summary>
/// One inbox entry for an association. <see cref="Data"/> is a JSON object with what the inbox shows beside
/// the references (a reason, a score, the counterpart's name).
/// </summary>
public sealed record NotificationEntry(Guid AssociationId, NotificationKind Kind, Guid? MatchId = null, Guid? ListingId = null, string Data = "{}");

/// <summary>Writes notifications inside the transaction of the event they report, so both commit or neither does.</summary>
public static class Notifications
{
    public static Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, NotificationEntry entry, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO notification (id, association_id, kind, match_id, listing_id, data)
            VALUES (@Id, @AssociationId, @Kind, @MatchId, @ListingId, @Data::jsonb)
            """;
        return conn.ExecuteAsync(new CommandDefinition(
            sql,
            new { Id = Guid.CreateVersion7(), entry.AssociationId, Kind = EnumText<NotificationKind>.Of(entry.Kind), entry.MatchId, entry.ListingId, entry.Data },
            tx,
            cancellationToken: ct));
    }
}
