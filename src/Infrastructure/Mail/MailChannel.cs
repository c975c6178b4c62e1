using Dapper;
using Npgsql;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Outbox;

namespace ResourceShare.Infrastructure.Mail;

/// <summary>
/// Turns an event into mails: for each owner and coordinator of the association who wants this kind at once, a
/// pending mail; for each who wants it in the daily digest, an item waiting for that digest (see MailDefaults). The
/// finds of a saved search by email go to the member who saved it instead.
/// </summary>
public sealed class MailChannel : IOutboxChannel
{
    public Task AcceptAsync(NpgsqlConnection conn, NpgsqlTransaction tx, OutboxEvent e, CancellationToken ct)
    {
        // Erased accounts have no memberships left; ON CONFLICT makes a second dispatch of the event a no-op.
        // A saved search's finds go to the member who saved it, when they chose email, and to nobody else.
        const string sql = """
            WITH recipient AS (
                SELECT m.user_id, coalesce(p.delivery, @Default) AS delivery
                  FROM membership m
                  LEFT JOIN mail_preference p ON p.user_id = m.user_id AND p.kind = @Kind
                 WHERE m.association_id = @AssociationId AND m.role IN ('owner', 'coordinator')
                   AND @Kind <> 'saved_search_matched'
                UNION ALL
                SELECT s.user_id, coalesce(p.delivery, @Default)
                  FROM saved_search s
                  JOIN membership m ON m.association_id = s.association_id AND m.user_id = s.user_id
                  LEFT JOIN mail_preference p ON p.user_id = s.user_id AND p.kind = @Kind
                 WHERE @Kind = 'saved_search_matched' AND @Data::jsonb ->> 'channel' = 'email'
                   AND s.id = (@Data::jsonb ->> 'savedSearchId')::uuid AND s.association_id = @AssociationId
            ), immediate AS (
                INSERT INTO mail (id, user_id, notification_id)
                SELECT gen_random_uuid(), user_id, @NotificationId FROM recipient WHERE delivery = 'immediately'
                ON CONFLICT DO NOTHING
            )
            INSERT INTO mail_digest_item (user_id, notification_id)
            SELECT user_id, @NotificationId FROM recipient WHERE delivery = 'daily_digest'
            ON CONFLICT DO NOTHING
            """;
        return conn.ExecuteAsync(new CommandDefinition(
            sql,
            new
            {
                e.AssociationId,
                e.NotificationId,
                e.Data,
                Kind = EnumText<NotificationKind>.Of(e.Kind),
                Default = EnumText<MailDelivery>.Of(MailDefaults.For(e.Kind)),
            },
            tx,
            cancellationToken: ct));
    }
}
