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
    /// Accepts a proposal and books its windows in the same transaction. Unit resources are kept apart by the
    /// exclusion constraint booking_no_overlap, quantity resources by the trigger booking_within_quantity; both
    /// refuse with SQLSTATE 23P01, which here names the window that could not be booked.
    /// </summary>
    public async Task<MatchChange> AcceptAsync(
        Guid id, Caller caller, ConflictHandling conflicts, int? expectedVersion, int maxFutureBookings, CancellationToken ct)
    {
        // Locks the offer for the rest of the transaction: accepts of one offer book one after the other, so
        // that a series never deadlocks against another and the fairness count below sees every booking.
        const string offer = """
            SELECT l.status = 'published' AND l.valid_until > now() AND l.hidden_at IS NULL AND a.verification_status <> 'suspended' AS open,
                   (SELECT verification_status = 'suspended' FROM association WHERE id = @AccepterId) AS accepter_suspended
              FROM listing l JOIN association a ON a.id = l.association_id
             WHERE l.id = @Id
               FOR NO KEY UPDATE OF l
            """;
        const string windows = "SELECT lower(during) AS starts_at, upper(during) AS ends_at FROM match_window WHERE match_id = @Id ORDER BY slot";
        const string book = """
            INSERT INTO booking (id, match_id, offer_id, requester_id, provider_id, during, quantity, exclusive)
            VALUES (@Id, @MatchId, @OfferId, @RequesterId, @ProviderId, tstzrange(@Start, @End, '[)'), @Quantity, @Exclusive)
            """;
        const string future = """
            SELECT count(*) FROM booking
             WHERE requester_id = @RequesterId AND offer_id = @OfferId AND status = 'confirmed' AND upper(during) > now()
            """;
        await using var write = await WriteTransaction.BeginAsync(dataSource, ct);
        var (conn, tx) = write;
        var (match, refusal) = await LockAsync(conn, tx, id, caller, MatchAction.Accept, expectedVersion, ct);
        if (match is null)
        {
            return refusal!;
        }

        var state = await conn.QuerySingleAsync<OfferState>(new CommandDefinition(
            offer, new { Id = match.OfferId, AccepterId = match.OtherSide(match.ProposedBy) }, tx, cancellationToken: ct));
        if (state.AccepterSuspended)
        {
            return new MatchChange.Refused(MatchRefusal.Suspended);
        }

        if (!state.Open)
        {
            return new MatchChange.Refused(MatchRefusal.OfferNotOpen);
        }

        var booked = new List<TimeWindow>();
        var skipped = new List<TimeWindow>();
        var now = DateTimeOffset.UtcNow;
        foreach (var row in await conn.QueryAsync<SlotRow>(new CommandDefinition(windows, new { Id = id }, tx, cancellationToken: ct)))
        {
            var window = Window(row.StartsAt, row.EndsAt);
            var bookable = window.Start > now;
            if (bookable)
            {
                await tx.SaveAsync("occurrence", ct);
                try
                {
                    await conn.ExecuteAsync(new CommandDefinition(
                        book,
                        new
                        {
                            Id = Guid.CreateVersion7(),
                            MatchId = id,
                            match.OfferId,
                            match.RequesterId,
                            match.ProviderId,
                            Start = row.StartsAt,
                            End = row.EndsAt,
                            match.Quantity,
                            Exclusive = MatchRules.IsExclusive(match.Category),
                        },
                        tx,
                        cancellationToken: ct));
                    await tx.ReleaseAsync("occurrence", ct);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ExclusionViolation)
                {
                    await tx.RollbackAsync("occurrence", ct);
                    bookable = false;
                }
            }

            if (!bookable && conflicts == ConflictHandling.Reject)
            {
                return new MatchChange.Refused(MatchRefusal.Unbookable, Window: window);
            }

            (bookable ? booked : skipped).Add(window);
        }

        if (booked.Count == 0)
        {
            return new MatchChange.Refused(MatchRefusal.Unbookable, Window: skipped.FirstOrDefault());
        }

        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(future, new { match.RequesterId, match.OfferId }, tx, cancellationToken: ct)) > maxFutureBookings)
        {
            return new MatchChange.Refused(MatchRefusal.TooManyBookings, Limit: maxFutureBookings);
        }

        await MoveAsync(conn, tx, match, MatchAction.Accept, null, null, ct);
        var details = await SelectAsync(conn, tx, id, caller, ct);
        await write.CommitAsync(ct);
        return new MatchChange.Accepted(details!, booked, skipped);
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

        await MoveAsync(conn, tx, match, action, match.ActingSide(action), reason, ct);
        var details = await SelectAsync(conn, tx, id, caller, ct);
        await tx.CommitAsync(ct);
        return new MatchChange.Done(details!);
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

    /// <summary>Moves the match and tells the other side in its inbox.</summary>
    private static async Task MoveAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, MatchAccess match, MatchAction action, Guid? closedBy, string? reason, CancellationToken ct)
    {
        const string sql = """
            UPDATE match
               SET status = @To, reason = coalesce(@Reason, reason), closed_by = coalesce(@ClosedBy, closed_by),
                   decided_at = coalesce(decided_at, now()), updated_at = now(), version = version + 1
             WHERE id = @Id
            """;
        await conn.ExecuteAsync(new CommandDefinition(
            sql, new { match.Id, To = EnumText<MatchStatus>.Of(MatchTransitions.Target(action)), Reason = reason, ClosedBy = closedBy }, tx, cancellationToken: ct));

        var actor = match.ActingSide(action);
        var (recipient, kind) = action switch
        {
            MatchAction.Accept => (match.ProposedBy, NotificationKind.ProposalAccepted),
            MatchAction.Decline => (match.ProposedBy, NotificationKind.ProposalDeclined),
            MatchAction.Withdraw => (match.OtherSide(match.ProposedBy), NotificationKind.ProposalWithdrawn),
            _ => (match.OtherSide(actor), NotificationKind.MatchCancelled),
        };
        var listing = recipient == match.RequesterId ? match.RequestId : match.OfferId;
        await Notifications.Notifications.WriteAsync(conn, tx, new NotificationEntry(
            recipient, kind, match.Id, listing, NotificationData(match.NameOf(actor), match.RequestTitle, match.OfferTitle, reason)), ct);
    }

    private sealed record SlotRow(DateTime StartsAt, DateTime EndsAt);

    private sealed record OfferState(bool Open, bool AccepterSuspended);

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
