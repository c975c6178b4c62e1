using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Notifications;

/// <summary>One inbox entry as stored; <see cref="Kind"/> is the snake_case name, <see cref="Data"/> the JSON object.</summary>
public sealed record NotificationRow(Guid Id, string Kind, Guid? MatchId, Guid? ListingId, string Data, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>Keyset position in an inbox: the last entry's creation instant and id.</summary>
public sealed record NotificationPosition(DateTime At, Guid Id);

/// <summary>Which entries of an inbox to list: all, only unread ones, or only read ones.</summary>
public enum ReadFilter
{
    All,
    Unread,
    Read,
}

public sealed record NotificationPage(IReadOnlyList<NotificationRow> Rows, long UnreadCount);

/// <summary>
/// Reads an association's inbox and marks entries read, for its members and its API keys with matches:write
/// (Permission.ReadMatches); writes the "listing expires in 7 days" notices.
/// </summary>
public sealed class NotificationStore(NpgsqlDataSource dataSource)
{
    public const int ExpiringNoticeDays = 7;

    private const string Columns = "n.id, n.kind, n.match_id, n.listing_id, n.data::text AS data, n.created_at, n.read_at";

    // A saved search's finds belong to its member (or go to webhooks), not to everybody's inbox: they are left out.
    // Two texts rather than a flag, so that the unread page starts from the partial index notification_unread_idx.
    private const string UnreadSql = $"""
        SELECT {Columns}
          FROM notification n
         WHERE n.association_id = @AssociationId AND n.read_at IS NULL AND n.kind <> 'saved_search_matched'
           AND (@AfterAt::timestamptz IS NULL OR (n.created_at, n.id) < (@AfterAt, @AfterId))
         ORDER BY n.created_at DESC, n.id DESC
         LIMIT @Limit;
        SELECT count(*) FROM notification WHERE association_id = @AssociationId AND read_at IS NULL AND kind <> 'saved_search_matched';
        """;

    private const string AllSql = $"""
        SELECT {Columns}
          FROM notification n
         WHERE n.association_id = @AssociationId AND n.kind <> 'saved_search_matched'
           AND (@Read::boolean IS NULL OR (n.read_at IS NOT NULL) = @Read)
           AND (@AfterAt::timestamptz IS NULL OR (n.created_at, n.id) < (@AfterAt, @AfterId))
         ORDER BY n.created_at DESC, n.id DESC
         LIMIT @Limit;
        SELECT count(*) FROM notification WHERE association_id = @AssociationId AND read_at IS NULL AND kind <> 'saved_search_matched';
        """;

    /// <summary>The inbox newest first, and how many entries in it are unread.</summary>
    public async Task<(NotificationPage? Page, Refusal Refusal)> ListAsync(
        Guid associationId, Caller caller, ReadFilter filter, NotificationPosition? after, int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.ReadMatches, ct: ct) is { } refusal)
        {
            return (null, refusal);
        }

        await using var reader = await conn.QueryMultipleAsync(new CommandDefinition(
            filter == ReadFilter.Unread ? UnreadSql : AllSql,
            new
            {
                AssociationId = associationId,
                Read = filter switch { ReadFilter.Read => true, ReadFilter.Unread => false, _ => (bool?)null },
                AfterAt = after?.At,
                AfterId = after?.Id,
                Limit = limit,
            },
            cancellationToken: ct));
        var rows = (await reader.ReadAsync<NotificationRow>()).AsList();
        return (new NotificationPage(rows, await reader.ReadSingleAsync<long>()), default);
    }

    /// <summary>Marks one entry read; an entry read before keeps its first read instant.</summary>
    public async Task<Refusal?> MarkReadAsync(Guid associationId, Guid notificationId, Caller caller, CancellationToken ct)
    {
        const string sql = """
            UPDATE notification SET read_at = coalesce(read_at, now())
             WHERE id = @Id AND association_id = @AssociationId
            RETURNING id
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.ReadMatches, ct: ct) is { } refusal)
        {
            return refusal;
        }

        var updated = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            sql, new { Id = notificationId, AssociationId = associationId }, cancellationToken: ct));
        return updated is null ? Refusal.NotFound : null;
    }

    /// <summary>Marks every unread entry read, or those created at or before <paramref name="before"/>.</summary>
    public async Task<Refusal?> MarkAllReadAsync(Guid associationId, DateTime? before, Caller caller, CancellationToken ct)
    {
        const string sql = """
            UPDATE notification SET read_at = now()
             WHERE association_id = @AssociationId AND read_at IS NULL
               AND (@Before::timestamptz IS NULL OR created_at <= @Before)
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.ReadMatches, ct: ct) is { } refusal)
        {
            return refusal;
        }

        await conn.ExecuteAsync(new CommandDefinition(sql, new { AssociationId = associationId, Before = before }, cancellationToken: ct));
        return null;
    }

    /// <summary>
    /// Tells each association whose published or paused listing expires within the next 7 days, once per
    /// listing: the unique index notification_listing_expiring_idx turns a second writer's INSERT into nothing,
    /// so every instance may run this at once. A listing whose validUntil was moved more than 7 days past the
    /// date of its last notice is told again as the new date approaches; a smaller change is not worth a second
    /// notice. Returns how many notices this call wrote.
    /// </summary>
    public async Task<int> NotifyExpiringListingsAsync(CancellationToken ct)
    {
        const string due = """
            SELECT l.id
              FROM listing l
             WHERE l.status IN ('published', 'paused')
               AND l.valid_until > now() AND l.valid_until <= now() + make_interval(days => @Days)
               AND NOT EXISTS (SELECT 1 FROM notification n
                                WHERE n.listing_id = l.id AND n.kind = 'listing_expiring'
                                  AND (n.data ->> 'validUntil')::timestamptz > l.valid_until - make_interval(days => @Days))
             ORDER BY l.valid_until
             LIMIT 1000
            """;
        // validUntil is written in one fixed form (UTC, whole seconds), as it is part of the unique index's key.
        const string insert = """
            INSERT INTO notification (id, association_id, kind, listing_id, data)
            SELECT d.id, l.association_id, 'listing_expiring', l.id,
                   jsonb_build_object('listingTitle', l.title,
                                      'validUntil', to_char(l.valid_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
              FROM unnest(@Ids, @ListingIds) AS d(id, listing_id)
              JOIN listing l ON l.id = d.listing_id
            ON CONFLICT DO NOTHING
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var listingIds = (await conn.QueryAsync<Guid>(new CommandDefinition(due, new { Days = ExpiringNoticeDays }, cancellationToken: ct))).ToArray();
        if (listingIds.Length == 0)
        {
            return 0;
        }

        var ids = listingIds.Select(_ => Guid.CreateVersion7()).ToArray();
        return await conn.ExecuteAsync(new CommandDefinition(insert, new { Ids = ids, ListingIds = listingIds }, cancellationToken: ct));
    }

    /// <summary>
    /// Reminds both associations of every confirmed booking that begins within the next 24 hours, once per booking
    /// and association: the unique index notification_booking_tomorrow_idx turns a second writer's INSERT into
    /// nothing, so every instance may run this at once. Each side's notice points to its own listing and names
    /// the other side. Returns how many notices this call wrote.
    /// </summary>
    public async Task<int> NotifyBookingsTomorrowAsync(CancellationToken ct)
    {
        const string due = """
            SELECT b.id AS booking_id, side.association_id
              FROM booking b
              CROSS JOIN LATERAL (VALUES (b.provider_id), (b.requester_id)) AS side(association_id)
             WHERE b.status = 'confirmed'
               AND lower(b.during) > now() AND lower(b.during) <= now() + interval '24 hours'
               AND NOT EXISTS (SELECT FROM notification n
                                WHERE n.association_id = side.association_id AND n.kind = 'booking_tomorrow'
                                  AND n.data ->> 'bookingId' = b.id::text)
             ORDER BY lower(b.during)
             LIMIT 1000
            """;
        // startsAt is written in one fixed form (UTC, whole seconds), as the expiry notice writes validUntil.
        const string insert = """
            INSERT INTO notification (id, association_id, kind, match_id, listing_id, data)
            SELECT d.id, d.association_id, 'booking_tomorrow', b.match_id,
                   CASE WHEN d.association_id = b.provider_id THEN m.offer_id ELSE m.request_id END,
                   jsonb_build_object('bookingId', b.id::text, 'offerTitle', o.title, 'counterpartName', other.name,
                                      'startsAt', to_char(lower(b.during) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
              FROM unnest(@Ids, @BookingIds, @AssociationIds) AS d(id, booking_id, association_id)
              JOIN booking b ON b.id = d.booking_id
              JOIN match m ON m.id = b.match_id
              JOIN listing o ON o.id = b.offer_id
              JOIN association other ON other.id = CASE WHEN d.association_id = b.provider_id THEN b.requester_id ELSE b.provider_id END
            ON CONFLICT DO NOTHING
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var notices = (await conn.QueryAsync<(Guid BookingId, Guid AssociationId)>(new CommandDefinition(due, cancellationToken: ct))).AsList();
        if (notices.Count == 0)
        {
            return 0;
        }

        return await conn.ExecuteAsync(new CommandDefinition(
            insert,
            new
            {
                Ids = notices.Select(_ => Guid.CreateVersion7()).ToArray(),
                BookingIds = notices.Select(n => n.BookingId).ToArray(),
                AssociationIds = notices.Select(n => n.AssociationId).ToArray(),
            },
            cancellationToken: ct));
    }
}
