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
    /// <summary>The statement that writes one entry, with the parameters of <see cref="Parameters"/>; it can end a statement of the caller's.</summary>
    public const string Insert = """
        INSERT INTO notification (id, association_id, kind, match_id, listing_id, data)
        VALUES (@NotificationId, @NotificationAssociationId, @NotificationKind, @NotificationMatchId, @NotificationListingId, @NotificationData::jsonb)
        """;

    public static DynamicParameters Parameters(NotificationEntry entry) => new(new
    {
        NotificationId = Guid.CreateVersion7(),
        NotificationAssociationId = entry.AssociationId,
        NotificationKind = EnumText<NotificationKind>.Of(entry.Kind),
        NotificationMatchId = entry.MatchId,
        NotificationListingId = entry.ListingId,
        NotificationData = entry.Data,
    });

    public static Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, NotificationEntry entry, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(Insert, Parameters(entry), tx, cancellationToken: ct));
}
