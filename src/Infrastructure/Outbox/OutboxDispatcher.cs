using Dapper;
using Npgsql;
using ResourceShare.Domain.Notifications;

namespace ResourceShare.Infrastructure.Outbox;

/// <summary>An event taken from the outbox: the inbox entry it was queued for.</summary>
public sealed record OutboxEvent(Guid NotificationId, Guid AssociationId, NotificationKind Kind, Guid? MatchId, Guid? ListingId, string Data, DateTime CreatedAt);

/// <summary>
/// A way events leave the building (email, webhooks). It turns one event into its own deliveries inside the
/// dispatcher's transaction, writing rows only: whatever it sends is sent later from those rows, so that the
/// deliveries commit together with the removal of the event from the outbox.
/// </summary>
public interface IOutboxChannel
{
    Task AcceptAsync(NpgsqlConnection conn, NpgsqlTransaction tx, OutboxEvent queued, CancellationToken ct);
}

/// <summary>Hands queued events to every channel, claiming them with FOR UPDATE SKIP LOCKED (see 0025_outbox.sql).</summary>
public sealed class OutboxDispatcher(NpgsqlDataSource dataSource, IEnumerable<IOutboxChannel> channels)
{
    private readonly IOutboxChannel[] channels = channels.ToArray();

    /// <summary>Dispatches up to <paramref name="batchSize"/> events, oldest first, in one transaction; returns how many.</summary>
    public async Task<int> DispatchAsync(int batchSize, CancellationToken ct)
    {
        const string claim = """
            SELECT o.id AS outbox_id, n.id AS notification_id, n.association_id, n.kind, n.match_id, n.listing_id, n.data::text AS data, n.created_at
              FROM outbox o
              JOIN notification n ON n.id = o.notification_id
             ORDER BY o.id
             LIMIT @BatchSize
               FOR UPDATE OF o SKIP LOCKED
            """;
        const string remove = "DELETE FROM outbox WHERE id = ANY(@Ids)";
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var rows = (await conn.QueryAsync<ClaimedRow>(new CommandDefinition(claim, new { BatchSize = batchSize }, tx, cancellationToken: ct))).ToList();
        if (rows.Count == 0)
        {
            return 0;
        }

        foreach (var row in rows)
        {
            var queued = new OutboxEvent(row.NotificationId, row.AssociationId, row.Kind, row.MatchId, row.ListingId, row.Data, row.CreatedAt);
            foreach (var channel in channels)
            {
                await channel.AcceptAsync(conn, tx, queued, ct);
            }
        }

        await conn.ExecuteAsync(new CommandDefinition(remove, new { Ids = rows.Select(r => r.OutboxId).ToArray() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return rows.Count;
    }

    private sealed record ClaimedRow(
        long OutboxId, Guid NotificationId, Guid AssociationId, NotificationKind Kind, Guid? MatchId, Guid? ListingId, string Data, DateTime CreatedAt);
}
