using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matches;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Notifications;

namespace ResourceShare.Infrastructure.Matches;

public sealed partial class MatchStore
{
    /// <summary>
    /// Accepts a proposal and books its windows in the same transaction, in five round trips: lock the match, lock
    /// the offer and read whether it is free in each occurrence, book and move the match, read the answer, commit.
    /// The offer's lock makes accepts of one offer book one after the other, so what the second statement reads
    /// stays true until the commit; <see cref="AcceptRules.Plan"/> decides from it. Unit resources are still kept
    /// apart by the exclusion constraint booking_no_overlap, quantity resources by the trigger
    /// booking_within_quantity (both SQLSTATE 23P01), should a booking ever be written without the offer's lock.
    /// </summary>
    public async Task<MatchChange> AcceptAsync(
        Guid id, Caller caller, ConflictHandling conflicts, int? expectedVersion, int maxFutureBookings, CancellationToken ct)
    {
        const string occurrences = """
            WITH offer AS (
                SELECT l.id,
                       l.status = 'published' AND l.valid_until > now() AND l.hidden_at IS NULL AND a.verification_status <> 'suspended' AS open,
                       coalesce((l.details ->> 'quantity')::integer, 1) AS units
                  FROM listing l JOIN association a ON a.id = l.association_id
                 WHERE l.id = @OfferId
                   FOR NO KEY UPDATE OF l
            )
            SELECT o.open,
                   (SELECT verification_status = 'suspended' FROM association WHERE id = @AccepterId) AS accepter_suspended,
                   (SELECT count(*) FROM booking
                     WHERE requester_id = @RequesterId AND offer_id = o.id AND status = 'confirmed' AND upper(during) > now()) AS future_bookings,
                   lower(w.during) AS starts_at, upper(w.during) AS ends_at,
                   CASE WHEN @Exclusive
                        THEN NOT EXISTS (SELECT FROM booking b
                                          WHERE b.offer_id = o.id AND b.status = 'confirmed' AND b.exclusive AND b.during && w.during)
                        ELSE offer_peak_load(o.id, w.during) + @Quantity <= o.units
                   END AS free
              FROM offer o
              LEFT JOIN match_window w ON w.match_id = @MatchId
             ORDER BY w.slot
            """;
        await using var write = await WriteTransaction.BeginAsync(dataSource, ct);
        var (conn, tx) = write;
        var (match, refusal) = await LockAsync(conn, tx, id, caller, MatchAction.Accept, expectedVersion, ct);
        if (match is null)
        {
            return refusal!;
        }

        var exclusive = MatchRules.IsExclusive(match.Category);
        var rows = (await conn.QueryAsync<OccurrenceRow>(new CommandDefinition(
            occurrences,
            new { match.OfferId, AccepterId = match.OtherSide(match.ProposedBy), match.RequesterId, MatchId = id, Exclusive = exclusive, match.Quantity },
            tx,
            cancellationToken: ct))).AsList();
        var offer = rows[0];
        if (offer.AccepterSuspended)
        {
            return new MatchChange.Refused(MatchRefusal.Suspended);
        }

        if (!offer.Open)
        {
            return new MatchChange.Refused(MatchRefusal.OfferNotOpen);
        }

        var plan = AcceptRules.Plan(
            [.. rows.Where(r => r.StartsAt is not null).Select(r => new Occurrence(Window(r.StartsAt!.Value, r.EndsAt!.Value), r.Free))],
            conflicts, DateTimeOffset.UtcNow, offer.FutureBookings, maxFutureBookings);
        switch (plan.Problem)
        {
            case AcceptProblem.Unbookable:
                return new MatchChange.Refused(MatchRefusal.Unbookable, Window: plan.Window);
            case AcceptProblem.TooManyBookings:
                return new MatchChange.Refused(MatchRefusal.TooManyBookings, Limit: maxFutureBookings);
        }

        MatchDetails details;
        try
        {
            details = await MoveAsync(conn, tx, match, MatchAction.Accept, null, null, new Bookings(plan.Book, exclusive), caller, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ExclusionViolation)
        {
            return new MatchChange.Refused(MatchRefusal.Unbookable, Window: plan.Book[0]);
        }

        await write.CommitAsync(ct);
        return new MatchChange.Accepted(details, plan.Book, plan.Skip);
    }

    /// <summary>Declines, withdraws or cancels a match; cancelling also cancels every booking of it that has not begun.</summary>
    public async Task<MatchChange> CloseAsync(Guid id, Caller caller, MatchAction action, string? reason, int? expectedVersion, CancellationToken ct)
    {
        const string cancelBookings = """
            UPDATE booking SET status = 'cancelled', cancelled_at = now()
             WHERE match_id = @Id AND status = 'confirmed' AND lower(during) > now()
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (match, refusal) = await LockAsync(conn, tx, id, caller, action, expectedVersion, ct);
        if (match is null)
        {
            return refusal!;
        }

        if (action == MatchAction.Cancel
            && await conn.ExecuteAsync(new CommandDefinition(cancelBookings, new { Id = id }, tx, cancellationToken: ct)) == 0)
        {
            return new MatchChange.Refused(MatchRefusal.AlreadyStarted, match.Status);
        }

        var details = await MoveAsync(conn, tx, match, action, match.ActingSide(action), reason, null, caller, ct);
        await tx.CommitAsync(ct);
        return new MatchChange.Done(details);
    }

    /// <summary>
    /// Completes accepted matches whose last window has ended, claiming them with FOR UPDATE SKIP LOCKED so
    /// that several instances running the job never take the same match. Returns how many it completed.
    /// </summary>
    public async Task<int> CompleteDueAsync(CancellationToken ct)
    {
        const string sql = """
            UPDATE match SET status = 'completed', updated_at = now(), version = version + 1
             WHERE id IN (SELECT id FROM match
                           WHERE status = 'accepted' AND ends_at <= now()
                           ORDER BY ends_at
                           LIMIT 1000
                             FOR UPDATE SKIP LOCKED)
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(sql, cancellationToken: ct));
    }

    /// <summary>
    /// Locks the match and decides whether the caller may make the move: 404 when it is not one of the two
    /// sides, 403 for the wrong side, 412 for a stale If-Match, 409 for a status the move does not start from.
    /// </summary>
    private static async Task<(MatchAccess? Match, MatchChange.Refused? Refusal)> LockAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, Caller caller, MatchAction action, int? expectedVersion, CancellationToken ct)
    {
        var match = await AccessAsync(conn, tx, id, caller, forUpdate: true, ct);
        if (match is null || !match.Visible)
        {
            return (null, new MatchChange.Refused(MatchRefusal.NotFound));
        }

        var decision = MatchTransitions.Decide(action, match.Status, match.Actors);
        MatchRefusal? refusal = decision == MatchDecision.WrongSide ? MatchRefusal.Forbidden
            : expectedVersion is not null && expectedVersion != match.Version ? MatchRefusal.VersionMismatch
            : decision == MatchDecision.WrongStatus ? MatchRefusal.WrongStatus
            : null;
        return refusal is null ? (match, null) : (null, new MatchChange.Refused(refusal.Value, match.Status));
    }

    /// <summary>The match with the caller's rights on each side; <paramref name="forUpdate"/> locks it until the transaction ends.</summary>
    private static async Task<MatchAccess?> AccessAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, Caller caller, bool forUpdate, CancellationToken ct)
    {
        const string select = """
            SELECT m.id, m.request_id, m.offer_id, m.requester_id, m.provider_id, m.proposed_by, m.status, m.version, m.quantity,
                   o.category, rq.title AS request_title, o.title AS offer_title, ra.name AS requester_name, pa.name AS provider_name,
                   caller_may(m.requester_id, @UserId, @ReadRoles, @KeyAssociationId, @KeyReads, false) AS reads_requester,
                   caller_may(m.provider_id, @UserId, @ReadRoles, @KeyAssociationId, @KeyReads, false) AS reads_provider,
                   caller_may(m.requester_id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, false) AS manages_requester,
                   caller_may(m.provider_id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, false) AS manages_provider
              FROM match m
              JOIN listing rq ON rq.id = m.request_id
              JOIN listing o ON o.id = m.offer_id
              JOIN association ra ON ra.id = m.requester_id
              JOIN association pa ON pa.id = m.provider_id
             WHERE m.id = @Id
            """;
        const string locking = select + " FOR UPDATE OF m";
        return await conn.QuerySingleOrDefaultAsync<MatchAccess>(new CommandDefinition(
            forUpdate ? locking : select,
            Access.Parameters(caller, Permission.ManageMatches, new
            {
                Id = id,
                ReadRoles = EnumText<Domain.Associations.MembershipRole>.Of(AccessPolicy.RolesFor(Permission.ReadMatches)),
                KeyReads = caller.KeyAllows(Permission.ReadMatches),
            }),
            tx,
            cancellationToken: ct));
    }

    /// <summary>
    /// Moves the match, tells the other side in its inbox and reads the match as the caller now sees it, in one
    /// round trip; an accept books its <paramref name="bookings"/> in the statement that moves the match.
    /// </summary>
    private static async Task<MatchDetails> MoveAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, MatchAccess match, MatchAction action, Guid? closedBy, string? reason, Bookings? bookings,
        Caller caller, CancellationToken ct)
    {
        const string moved = """
            moved AS (
                UPDATE match
                   SET status = @To, reason = coalesce(@Reason, reason), closed_by = coalesce(@ClosedBy, closed_by),
                       decided_at = coalesce(decided_at, now()), updated_at = now(), version = version + 1
                 WHERE id = @Id
            )
            """;
        const string move = $"""
            WITH {moved}
            {Notifications.Notifications.Insert};
            {SelectSql}
            """;
        const string bookAndMove = $"""
            WITH booked AS (
                INSERT INTO booking (id, match_id, offer_id, requester_id, provider_id, during, quantity, exclusive)
                SELECT b.id, @Id, @OfferId, @RequesterId, @ProviderId, tstzrange(b.starts_at, b.ends_at, '[)'), @Quantity, @Exclusive
                  FROM unnest(@BookingIds, @Starts, @Ends) AS b(id, starts_at, ends_at)
            ),
            {moved}
            {Notifications.Notifications.Insert};
            {SelectSql}
            """;
        var actor = match.ActingSide(action);
        var (recipient, kind) = action switch
        {
            MatchAction.Accept => (match.ProposedBy, NotificationKind.ProposalAccepted),
            MatchAction.Decline => (match.ProposedBy, NotificationKind.ProposalDeclined),
            MatchAction.Withdraw => (match.OtherSide(match.ProposedBy), NotificationKind.ProposalWithdrawn),
            _ => (match.OtherSide(actor), NotificationKind.MatchCancelled),
        };
        var listing = recipient == match.RequesterId ? match.RequestId : match.OfferId;
        var parameters = Notifications.Notifications.Parameters(new NotificationEntry(
            recipient, kind, match.Id, listing, NotificationData(match.NameOf(actor), match.RequestTitle, match.OfferTitle, reason)));
        parameters.AddDynamicParams(new { To = EnumText<MatchStatus>.Of(MatchTransitions.Target(action)), Reason = reason, ClosedBy = closedBy });
        parameters.AddDynamicParams(SelectParameters(match.Id, caller));
        if (bookings is not null)
        {
            parameters.AddDynamicParams(new
            {
                match.OfferId,
                match.RequesterId,
                match.ProviderId,
                match.Quantity,
                bookings.Exclusive,
                BookingIds = bookings.Windows.Select(_ => Guid.CreateVersion7()).ToArray(),
                Starts = bookings.Windows.Select(w => w.Start).ToArray(),
                Ends = bookings.Windows.Select(w => w.End).ToArray(),
            });
        }

        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(bookings is null ? move : bookAndMove, parameters, tx, cancellationToken: ct));
        return (await ReadSelectedAsync(results))!;
    }

    /// <summary>The occurrences an accept books, and whether they hold the resource whole.</summary>
    private sealed record Bookings(IReadOnlyList<TimeWindow> Windows, bool Exclusive);

    private sealed record OccurrenceRow(bool Open, bool AccepterSuspended, long FutureBookings, DateTime? StartsAt, DateTime? EndsAt, bool Free);

    private sealed record MatchAccess(
        Guid Id, Guid RequestId, Guid OfferId, Guid RequesterId, Guid ProviderId, Guid ProposedBy, MatchStatus Status, int Version,
        int Quantity, ListingCategory Category, string RequestTitle, string OfferTitle, string RequesterName, string ProviderName,
        bool ReadsRequester, bool ReadsProvider, bool ManagesRequester, bool ManagesProvider)
    {
        public bool Visible => ReadsRequester || ReadsProvider;

        public IReadOnlyCollection<MatchActor> Actors =>
        [
            .. ManagesRequester ? [ActorOf(RequesterId)] : Array.Empty<MatchActor>(),
            .. ManagesProvider ? [ActorOf(ProviderId)] : Array.Empty<MatchActor>(),
        ];

        /// <summary>The association the caller acts for in this move (a user in both associations acts for the requester first).</summary>
        public Guid ActingSide(MatchAction action) =>
            ManagesRequester && MatchTransitions.Allows(action, ActorOf(RequesterId)) ? RequesterId : ProviderId;

        public Guid OtherSide(Guid side) => side == RequesterId ? ProviderId : RequesterId;

        public string NameOf(Guid side) => side == RequesterId ? RequesterName : ProviderName;

        private MatchActor ActorOf(Guid side) => side == ProposedBy ? MatchActor.Proposer : MatchActor.Recipient;
    }
}
