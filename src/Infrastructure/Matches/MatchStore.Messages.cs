using Dapper;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Matches;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Notifications;

namespace ResourceShare.Infrastructure.Matches;

public sealed partial class MatchStore
{
    private const string MessageColumns = """
        mm.id, mm.match_id, mm.author_association_id, a.name AS author_association_name, mm.author_user_id, mm.body, mm.created_at
        """;

    /// <summary>
    /// The messages on a match, oldest or newest first, for the two sides only (null when the caller is not
    /// one of them). Ordered by (created_at, id), so pages neither skip nor repeat.
    /// </summary>
    public async Task<IReadOnlyList<MessageRow>?> MessagesAsync(Guid matchId, Caller caller, bool newestFirst, MessagePosition? after, int limit, CancellationToken ct)
    {
        const string oldest = $"""
            SELECT {MessageColumns}
              FROM match_message mm JOIN association a ON a.id = mm.author_association_id
             WHERE mm.match_id = @Id
               AND (@AfterAt::timestamptz IS NULL OR (mm.created_at, mm.id) > (@AfterAt, @AfterId))
             ORDER BY mm.created_at, mm.id
             LIMIT @Limit
            """;
        const string newest = $"""
            SELECT {MessageColumns}
              FROM match_message mm JOIN association a ON a.id = mm.author_association_id
             WHERE mm.match_id = @Id
               AND (@AfterAt::timestamptz IS NULL OR (mm.created_at, mm.id) < (@AfterAt, @AfterId))
             ORDER BY mm.created_at DESC, mm.id DESC
             LIMIT @Limit
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var match = await AccessAsync(conn, null, matchId, caller, forUpdate: false, ct);
        if (match is not { Visible: true })
        {
            return null;
        }

        var rows = await conn.QueryAsync<MessageRow>(new CommandDefinition(
            newestFirst ? newest : oldest, new { Id = matchId, AfterAt = after?.At, AfterId = after?.Id, Limit = limit }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>Writes a message from the caller's side of the match to the other side, and tells the other side in its inbox.</summary>
    public async Task<(MessageRow? Row, MatchRefusal Refusal)> PostMessageAsync(Guid matchId, Caller caller, string body, CancellationToken ct)
    {
        const string insert = $"""
            WITH mm AS (
                INSERT INTO match_message (id, match_id, author_association_id, author_user_id, body)
                VALUES (@Id, @MatchId, @AuthorId, @UserId, @Body)
                RETURNING *)
            SELECT {MessageColumns} FROM mm JOIN association a ON a.id = mm.author_association_id
            """;
        await using var write = await WriteTransaction.BeginAsync(dataSource, ct);
        var (conn, tx) = write;
        var match = await AccessAsync(conn, tx, matchId, caller, forUpdate: false, ct);
        if (match is not { Visible: true })
        {
            return (null, MatchRefusal.NotFound);
        }

        if (!match.ManagesRequester && !match.ManagesProvider)
        {
            return (null, MatchRefusal.Forbidden);
        }

        var author = match.ManagesRequester ? match.RequesterId : match.ProviderId;
        var row = await conn.QuerySingleAsync<MessageRow>(new CommandDefinition(
            insert, new { Id = Guid.CreateVersion7(), MatchId = matchId, AuthorId = author, caller.UserId, Body = body }, tx, cancellationToken: ct));
        var recipient = match.OtherSide(author);
        await Notifications.Notifications.WriteAsync(conn, tx, new NotificationEntry(
            recipient, NotificationKind.MessageReceived, matchId, recipient == match.RequesterId ? match.RequestId : match.OfferId,
            NotificationData(match.NameOf(author), match.RequestTitle, match.OfferTitle, null)), ct);
        await write.CommitAsync(ct);
        return (row, default);
    }

    /// <summary>
    /// An association's bookings as provider and as requester, by start time, that overlap [from, to), for
    /// its members and its keys with matches:write.
    /// </summary>
    public async Task<(IReadOnlyList<BookingRow>? Rows, Refusal Refusal)> BookingsAsync(
        Guid associationId, Caller caller, DateTimeOffset? from, DateTimeOffset? to, BookingPosition? after, int limit, CancellationToken ct)
    {
        const string sql = """
            SELECT b.id, b.match_id, b.offer_id, o.title AS offer_title, lower(b.during) AS starts_at, upper(b.during) AS ends_at,
                   b.quantity, b.status, b.provider_id = @AssociationId AS as_provider, c.id AS counterpart_id, c.name AS counterpart_name
              FROM booking b
              JOIN listing o ON o.id = b.offer_id
              JOIN association c ON c.id = CASE WHEN b.provider_id = @AssociationId THEN b.requester_id ELSE b.provider_id END
             WHERE (b.provider_id = @AssociationId OR b.requester_id = @AssociationId)
               AND (@From::timestamptz IS NULL OR upper(b.during) > @From)
               AND (@To::timestamptz IS NULL OR lower(b.during) < @To)
               AND (@AfterAt::timestamptz IS NULL OR (lower(b.during), b.id) > (@AfterAt, @AfterId))
             ORDER BY lower(b.during), b.id
             LIMIT @Limit
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.ReadMatches, ct: ct) is { } refusal)
        {
            return (null, refusal);
        }

        var rows = await conn.QueryAsync<BookingRow>(new CommandDefinition(
            sql,
            new
            {
                AssociationId = associationId,
                From = from?.UtcDateTime,
                To = to?.UtcDateTime,
                AfterAt = after?.At,
                AfterId = after?.Id,
                Limit = limit,
            },
            cancellationToken: ct));
        return (rows.AsList(), default);
    }
}
