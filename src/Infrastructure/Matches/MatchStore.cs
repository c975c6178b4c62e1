using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matches;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Notifications;

namespace ResourceShare.Infrastructure.Matches;

/// <summary>
/// Proposals, their moves and bookings, and the messages on a match. Only the two associations of a match
/// (their members, and keys with matches:write) see it; for everybody else, moderators included, it does not exist.
/// </summary>
public sealed partial class MatchStore(NpgsqlDataSource dataSource)
{
    // The other side's contact email and street address only while a booking is confirmed.
    private const string Columns = """
        m.id, m.request_id, m.offer_id, m.requester_id, m.provider_id, m.proposed_by, m.status, m.quantity, m.message,
        m.reason, m.closed_by, m.starts_at, m.ends_at, m.created_at, m.updated_at, m.decided_at, m.version,
        o.category, rq.title AS request_title, o.title AS offer_title, ra.name AS requester_name, pa.name AS provider_name,
        CASE WHEN p.requester OR p.reveal THEN ra.contact_email END AS requester_email,
        CASE WHEN p.provider OR p.reveal THEN pa.contact_email END AS provider_email,
        CASE WHEN p.requester OR p.reveal THEN rq.street_address END AS request_street_address,
        CASE WHEN p.provider OR p.reveal THEN o.street_address END AS offer_street_address
        """;

    private const string Joins = """
        JOIN listing rq ON rq.id = m.request_id
        JOIN listing o ON o.id = m.offer_id
        JOIN association ra ON ra.id = m.requester_id
        JOIN association pa ON pa.id = m.provider_id
        CROSS JOIN LATERAL (SELECT caller_may(m.requester_id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, false) AS requester,
                                   caller_may(m.provider_id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, false) AS provider,
                                   m.status = ANY(@Reveal) AS reveal) p
        """;

    private static readonly string[] Reveal = EnumText<MatchStatus>.Of(Enum.GetValues<MatchStatus>().Where(MatchTransitions.RevealsContacts));

    public async Task<ProposalOutcome> ProposeAsync(Caller caller, Proposal proposal, int maxOpenProposals, CancellationToken ct)
    {
        const string listings = """
            SELECT l.id, l.association_id, a.name AS association_name, l.kind, l.category, l.status, l.title, l.recurring,
                   (l.details ->> 'quantity')::int AS quantity, l.valid_until > now() AS valid,
                   a.verification_status = 'suspended' AS suspended, l.hidden_at IS NOT NULL AS hidden,
                   caller_may(l.association_id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, false) AS manageable,
                   caller_may(l.association_id, @UserId, @ReadRoles, @KeyAssociationId, @KeyReads, @Oversee) AS own
              FROM listing l JOIN association a ON a.id = l.association_id
             WHERE l.id = ANY(@Ids)
            """;
        const string windows = """
            SELECT listing_id AS owner_id, lower(during) AS starts_at, upper(during) AS ends_at
              FROM listing_window WHERE listing_id = ANY(@Ids) ORDER BY listing_id, slot
            """;
        // An advisory lock rather than a row lock on the association: foreign keys to it take key-share locks
        // that a FOR UPDATE would wait for. Counting after the lock sees every proposal committed before.
        const string lockOpen = "SELECT pg_advisory_xact_lock(hashtextextended('match-open:' || @Id::text, 0))";
        const string countOpen = "SELECT count(*) FROM match WHERE proposed_by = @Id AND status = 'proposed'";
        const string insert = """
            INSERT INTO match (id, request_id, offer_id, requester_id, provider_id, proposed_by, quantity, message, starts_at, ends_at)
            VALUES (@Id, @RequestId, @OfferId, @RequesterId, @ProviderId, @ProposedBy, @Quantity, @Message, @StartsAt, @EndsAt);
            INSERT INTO match_window (match_id, slot, during)
            SELECT @Id, s.slot - 1, tstzrange(s.starts, s.ends, '[)')
              FROM unnest(@Starts, @Ends) WITH ORDINALITY AS s(starts, ends, slot)
            """;

        await using var write = await WriteTransaction.BeginAsync(dataSource, ct);
        var (conn, tx) = write;
        var parameters = Access.Parameters(caller, Permission.ManageMatches, new
        {
            Ids = new[] { proposal.RequestId, proposal.OfferId },
            ReadRoles = EnumText<MembershipRole>.Of(AccessPolicy.RolesFor(Permission.ReadListings)),
            KeyReads = caller.KeyAllows(Permission.ReadListings),
        });
        parameters.Add("Oversee", caller.IsModerator);
        var found = (await conn.QueryAsync<ProposedListing>(new CommandDefinition(listings, parameters, tx, cancellationToken: ct))).AsList();
        var request = found.Find(l => l.Id == proposal.RequestId && l.Visible);
        var offer = found.Find(l => l.Id == proposal.OfferId && l.Visible);
        switch (ProposalRules.Check(request?.Party, offer?.Party))
        {
            case { Forbidden: true }:
                return new ProposalOutcome.Forbidden();
            case { Problem: { } problem }:
                return new ProposalOutcome.Refused(problem);
        }

        var proposer = request!.Manageable ? request : offer!;
        var other = proposer == request ? offer! : request;
        var (quantity, quantityProblem) = ProposalRules.Quantity(offer!.Category, proposal.Quantity, request.Quantity, offer.Quantity);
        if (quantityProblem is not null)
        {
            return new ProposalOutcome.Refused(quantityProblem.Value);
        }

        var listed = (await conn.QueryAsync<WindowRow>(new CommandDefinition(
            windows, new { Ids = new[] { request.Id, offer.Id } }, tx, cancellationToken: ct))).AsList();
        var choice = MatchRules.ChooseWindows(
            proposal.Windows, WindowsOf(listed, request.Id), WindowsOf(listed, offer.Id), request.Recurring, DateTimeOffset.UtcNow);
        if (choice.Problem != WindowProblem.None)
        {
            return new ProposalOutcome.Refused(ProposalProblem.Windows, choice.Problem, choice.Offending);
        }

        await conn.ExecuteAsync(new CommandDefinition(lockOpen, new { Id = proposer.AssociationId }, tx, cancellationToken: ct));
        var open = await conn.ExecuteScalarAsync<long>(new CommandDefinition(countOpen, new { Id = proposer.AssociationId }, tx, cancellationToken: ct));
        if (open >= maxOpenProposals)
        {
            return new ProposalOutcome.TooManyOpen(maxOpenProposals);
        }

        var id = Guid.CreateVersion7();
        await conn.ExecuteAsync(new CommandDefinition(
            insert,
            new
            {
                Id = id,
                RequestId = request.Id,
                OfferId = offer.Id,
                RequesterId = request.AssociationId,
                ProviderId = offer.AssociationId,
                ProposedBy = proposer.AssociationId,
                Quantity = quantity,
                proposal.Message,
                StartsAt = choice.Windows[0].Start.UtcDateTime,
                EndsAt = choice.Windows.Max(w => w.End).UtcDateTime,
                Starts = choice.Windows.Select(w => w.Start.UtcDateTime).ToArray(),
                Ends = choice.Windows.Select(w => w.End.UtcDateTime).ToArray(),
            },
            tx,
            cancellationToken: ct));
        await Notifications.Notifications.WriteAsync(conn, tx, new NotificationEntry(
            other.AssociationId, NotificationKind.ProposalReceived, id, other.Id,
            NotificationData(proposer.AssociationName, request.Title, offer.Title, null)), ct);
        var details = await SelectAsync(conn, tx, id, caller, ct);
        await write.CommitAsync(ct);
        return new ProposalOutcome.Created(details!);
    }

    public async Task<MatchDetails?> GetAsync(Guid id, Caller caller, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await SelectAsync(conn, null, id, caller, ct);
    }

    /// <summary>An association's matches, newest first, for its members and its keys with matches:write.</summary>
    public async Task<(IReadOnlyList<MatchDetails>? Rows, Refusal Refusal)> ListAsync(
        MatchFilter filter, Caller caller, MatchPosition? after, int limit, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {Columns}
              FROM match m {Joins}
             WHERE (m.requester_id = @AssociationId OR m.provider_id = @AssociationId)
               AND (@Incoming::boolean IS NULL OR (m.proposed_by <> @AssociationId) = @Incoming)
               AND (@Status::text IS NULL OR m.status = @Status)
               AND (@AfterAt::timestamptz IS NULL OR (m.created_at, m.id) < (@AfterAt, @AfterId))
             ORDER BY m.created_at DESC, m.id DESC
             LIMIT @Limit
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await Access.AuthorizeAsync(conn, null, filter.AssociationId, caller, Permission.ReadMatches, ct: ct) is { } refusal)
        {
            return (null, refusal);
        }

        var rows = await conn.QueryAsync<MatchRow>(new CommandDefinition(
            sql,
            Access.Parameters(caller, Permission.ReadMatches, new
            {
                filter.AssociationId,
                filter.Incoming,
                Status = filter.Status is { } status ? EnumText<MatchStatus>.Of(status) : null,
                AfterAt = after?.At,
                AfterId = after?.Id,
                Limit = limit,
                Reveal,
            }),
            cancellationToken: ct));
        return (await DetailsAsync(conn, null, rows.AsList(), ct), default);
    }

    /// <summary>One match with its windows and bookings as the caller sees it (<see cref="SelectParameters"/>), read by <see cref="ReadSelectedAsync"/>.</summary>
    private const string SelectSql = $"""
        SELECT {Columns}
          FROM match m {Joins}
         WHERE m.id = @Id AND (p.requester OR p.provider);
        {DetailsSql}
        """;

    private static async Task<MatchDetails?> SelectAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, Caller caller, CancellationToken ct)
    {
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(SelectSql, SelectParameters(id, caller), tx, cancellationToken: ct));
        return await ReadSelectedAsync(results);
    }

    private static DynamicParameters SelectParameters(Guid id, Caller caller) =>
        Access.Parameters(caller, Permission.ReadMatches, new { Id = id, Ids = new[] { id }, Reveal });

    private static async Task<MatchDetails?> ReadSelectedAsync(SqlMapper.GridReader results)
    {
        var row = await results.ReadSingleOrDefaultAsync<MatchRow>();
        return row is null ? null : (await ReadDetailsAsync(results, [row]))[0];
    }

    /// <summary>The windows and bookings of the matches <c>@Ids</c>, read by <see cref="ReadDetailsAsync"/>.</summary>
    private const string DetailsSql = """
        SELECT match_id AS owner_id, lower(during) AS starts_at, upper(during) AS ends_at
          FROM match_window WHERE match_id = ANY(@Ids) ORDER BY match_id, slot;
        SELECT id, match_id, lower(during) AS starts_at, upper(during) AS ends_at, quantity, status, cancelled_at
          FROM booking WHERE match_id = ANY(@Ids) ORDER BY lower(during), id;
        """;

    /// <summary>The windows and bookings of the matches, in one round trip.</summary>
    private static async Task<IReadOnlyList<MatchDetails>> DetailsAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, IReadOnlyList<MatchRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        await using var results = await conn.QueryMultipleAsync(new CommandDefinition(
            DetailsSql, new { Ids = rows.Select(r => r.Id).ToArray() }, tx, cancellationToken: ct));
        return await ReadDetailsAsync(results, rows);
    }

    private static async Task<IReadOnlyList<MatchDetails>> ReadDetailsAsync(SqlMapper.GridReader results, IReadOnlyList<MatchRow> rows)
    {
        var windows = (await results.ReadAsync<WindowRow>()).AsList();
        var bookings = (await results.ReadAsync<BookingSlot>()).ToLookup(b => b.MatchId);
        return rows.Select(r => new MatchDetails(r, WindowsOf(windows, r.Id), bookings[r.Id].ToList())).ToList();
    }

    private static List<TimeWindow> WindowsOf(IEnumerable<WindowRow> rows, Guid ownerId) =>
        rows.Where(w => w.OwnerId == ownerId).Select(w => Window(w.StartsAt, w.EndsAt)).ToList();

    private static TimeWindow Window(DateTime start, DateTime end) =>
        new(new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc)), new DateTimeOffset(DateTime.SpecifyKind(end, DateTimeKind.Utc)));

    /// <summary>What an inbox entry about a match shows: who the other side is, the two listings, and a reason where given.</summary>
    private static string NotificationData(string counterpartName, string requestTitle, string offerTitle, string? reason)
    {
        var data = new JsonObject
        {
            ["counterpartName"] = counterpartName,
            ["requestTitle"] = requestTitle,
            ["offerTitle"] = offerTitle,
        };
        if (reason is not null)
        {
            data["reason"] = reason;
        }

        return data.ToJsonString();
    }

    private sealed record WindowRow(Guid OwnerId, DateTime StartsAt, DateTime EndsAt);

    private sealed record ProposedListing(
        Guid Id, Guid AssociationId, string AssociationName, ListingKind Kind, ListingCategory Category, ListingStatus Status,
        string Title, bool Recurring, int? Quantity, bool Valid, bool Suspended, bool Hidden, bool Manageable, bool Own)
    {
        public ProposalParty Party => new(AssociationId, Kind, Category, Status, Valid, Hidden, Suspended, Manageable);

        /// <summary>As the listing endpoints show it: published ones of associations not suspended, unless reports hid them; all to their own side.</summary>
        public bool Visible => Own || (Status == ListingStatus.Published && !Suspended && !Hidden);
    }
}
