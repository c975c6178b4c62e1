using Dapper;
using Npgsql;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Mail;

/// <summary>A person's mail choices and the daily digests.</summary>
public sealed class MailStore(NpgsqlDataSource dataSource)
{
    /// <summary>Every kind with the person's delivery, and whether it is the default (no choice made).</summary>
    public async Task<IReadOnlyList<(NotificationKind Kind, MailDelivery Delivery, bool IsDefault)>> PreferencesAsync(Guid userId, CancellationToken ct)
    {
        const string sql = "SELECT kind, delivery FROM mail_preference WHERE user_id = @UserId";
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var chosen = (await conn.QueryAsync<(string Kind, string Delivery)>(new CommandDefinition(sql, new { UserId = userId }, cancellationToken: ct)))
            .Where(p => EnumText<NotificationKind>.TryParse(p.Kind, out _))
            .ToDictionary(p => EnumText<NotificationKind>.Parse(p.Kind), p => EnumText<MailDelivery>.Parse(p.Delivery));
        return Enum.GetValues<NotificationKind>()
            .Select(k => chosen.TryGetValue(k, out var d) ? (k, d, false) : (k, MailDefaults.For(k), true))
            .ToList();
    }

    /// <summary>
    /// Sets the delivery of the given kinds; a kind turned off also leaves the digest that is still waiting. Returns
    /// false when the person does not exist (or was erased).
    /// </summary>
    public async Task<bool> ChooseAsync(Guid userId, IReadOnlyCollection<(NotificationKind Kind, MailDelivery Delivery)> choices, CancellationToken ct)
    {
        const string sql = """
            WITH chosen AS (
                INSERT INTO mail_preference (user_id, kind, delivery)
                SELECT @UserId, c.kind, c.delivery
                  FROM unnest(@Kinds, @Deliveries) AS c(kind, delivery)
                 WHERE EXISTS (SELECT 1 FROM app_user WHERE id = @UserId AND erased_at IS NULL)
                ON CONFLICT (user_id, kind) DO UPDATE SET delivery = excluded.delivery, updated_at = now()
                RETURNING kind, delivery
            ), dropped AS (
                DELETE FROM mail_digest_item i
                 USING notification n, chosen c
                 WHERE i.user_id = @UserId AND i.mail_id IS NULL AND n.id = i.notification_id
                   AND n.kind = c.kind AND c.delivery = 'off'
            )
            SELECT count(*) FROM chosen
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var count = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            sql,
            new
            {
                UserId = userId,
                Kinds = EnumText<NotificationKind>.Of(choices.Select(c => c.Kind)),
                Deliveries = EnumText<MailDelivery>.Of(choices.Select(c => c.Delivery)),
            },
            cancellationToken: ct));
        return count > 0;
    }

    /// <summary>
    /// Makes the digest of <paramref name="day"/> for every person with events waiting from before
    /// <paramref name="cutoff"/>, and hands those events to it. The unique index mail_digest_once_idx lets only one
    /// instance make a person's digest of a day: another that tries at the same moment waits for the first and then
    /// makes nothing. Events that arrive later wait for the next day's digest. Returns how many events went into digests.
    /// </summary>
    public async Task<int> CollectDigestsAsync(DateOnly day, DateTime cutoff, CancellationToken ct)
    {
        const string sql = """
            WITH due AS (
                SELECT DISTINCT user_id FROM mail_digest_item WHERE mail_id IS NULL AND created_at < @Cutoff
            ), made AS (
                INSERT INTO mail (id, user_id, digest_day)
                SELECT gen_random_uuid(), user_id, @Day::date FROM due
                ON CONFLICT DO NOTHING
                RETURNING id, user_id
            )
            UPDATE mail_digest_item i SET mail_id = made.id
              FROM made
             WHERE i.user_id = made.user_id AND i.mail_id IS NULL AND i.created_at < @Cutoff
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(sql, new { Day = day.ToDateTime(TimeOnly.MinValue), Cutoff = cutoff }, cancellationToken: ct));
    }

    /// <summary>Deletes mails sent or given up more than <paramref name="keep"/> ago, up to 1,000 a call; returns how many.</summary>
    public async Task<int> ForgetAsync(TimeSpan keep, CancellationToken ct)
    {
        const string sql = """
            DELETE FROM mail WHERE id IN (
                SELECT id FROM mail
                 WHERE status <> 'pending' AND coalesce(sent_at, failed_at) < now() - @Keep
                 LIMIT 1000 FOR UPDATE SKIP LOCKED)
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(sql, new { Keep = keep }, cancellationToken: ct));
    }
}
