using Dapper;
using Npgsql;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matching;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Matching;

/// <summary>The listing matches are sought for: who owns it, whether it is open, and what the constraints compare.</summary>
public sealed record MatchSource(
    Guid Id, Guid AssociationId, string AssociationName, string Title, ListingStatus Status, string? ExchangeFor, DateTimeOffset Now, MatchParty Party)
{
    public ListingKind Kind => Party.Kind;

    public ListingCategory Category => Party.Category;
}

/// <summary>
/// A candidate listing: a match when <see cref="Shortfall"/> is null, otherwise a near miss failing exactly that
/// one constraint. <see cref="Served"/> are the request's windows the offer serves, of <see cref="WindowsTotal"/>.
/// </summary>
public sealed record MatchCandidate(
    Guid ListingId, string Title, Guid AssociationId, string AssociationName, double? DistanceKm, IReadOnlyList<TimeWindow> Served,
    int WindowsTotal, MatchScore Score, Shortfall? Shortfall);

/// <summary>
/// Ranks the counterparts of a listing. Its matches are its match candidates (<see cref="MatchCandidates"/>, kept
/// when listings change), scored in order of the score they would have without bookings; only the best are
/// checked against confirmed bookings, as many as it takes until no unchecked candidate can still rank higher.
/// Near misses, when fewer than the limit match, come from the candidates that bookings took, and from the
/// <see cref="NearMissBudget"/> nearest counterparts (and as many that work remotely, for a remote listing)
/// within twice the reach plus <see cref="NearMissMarginKm"/> km, failing exactly one check.
/// </summary>
public static class MatchFinder
{
    /// <summary>Near misses are sought among this many of the nearest counterparts.</summary>
    public const int NearMissBudget = 200;

    /// <summary>Near misses are sought within twice the reach plus this many km.</summary>
    public const double NearMissMarginKm = 25;

    /// <summary>Checked against bookings at first beyond the limit, since bookings may take some.</summary>
    private const int BookingSlack = 5;

    /// <summary>The source's columns: what the constraints compare, its association's name, its title and its status now.</summary>
    internal const string SourceColumns = $"""
        {MatchParties.Columns}, a.name AS association_name, l.title, l.exchange_for,
        CASE WHEN l.status = 'published' AND l.valid_until <= now() THEN 'expired' ELSE l.status END AS status, now() AS now
        """;

    /// <summary>
    /// The candidates listing @Id keeps from match_candidate, in either direction, that are open now: the candidate
    /// listing's facts for the score, the request's covered windows still ahead and how many of its windows are,
    /// and the trust figures of the candidate's association.
    /// </summary>
    internal const string CandidatesSql = """
        SELECT c.id AS listing_id, c.title, c.association_id, ca.name AS association_name, ca.verification_status = 'verified' AS verified,
               c.published_at, c.latitude, c.longitude, c.service_radius_km, c.max_distance_km, c.remote_ok, c.size, c.terms, c.cost_eur,
               c.exchange_for, c.max_budget_eur, c.recurring, (c.details ->> 'quantity')::int AS quantity,
               t.covered_slots, t.covered_starts, t.covered_ends, t.windows_total,
               coalesce(tf.completed_count, 0) AS completed_count, coalesce(tf.rating_count, 0) AS rating_count, coalesce(tf.rating_sum, 0) AS rating_sum
          FROM (SELECT request_id, offer_id, offer_id AS candidate_id, slots FROM match_candidate WHERE request_id = @Id AND for_request
                UNION ALL
                SELECT request_id, offer_id, request_id, slots FROM match_candidate WHERE offer_id = @Id AND for_offer) p
          JOIN listing c ON c.id = p.candidate_id
          JOIN association ca ON ca.id = c.association_id
          LEFT JOIN association_trust_figures tf ON tf.association_id = c.association_id
         CROSS JOIN LATERAL (
            SELECT array_agg(w.slot ORDER BY w.slot) FILTER (WHERE w.slot = ANY(p.slots)) AS covered_slots,
                   array_agg(lower(w.during) ORDER BY w.slot) FILTER (WHERE w.slot = ANY(p.slots)) AS covered_starts,
                   array_agg(upper(w.during) ORDER BY w.slot) FILTER (WHERE w.slot = ANY(p.slots)) AS covered_ends,
                   count(*)::int AS windows_total
              FROM listing_window w
             WHERE w.listing_id = p.request_id AND upper(w.during) > now()) t
         WHERE c.status = 'published' AND c.hidden_at IS NULL AND c.valid_until > now() AND ca.verification_status <> 'suspended'
        """;

    // Which of an offer's windows keep the units needed free of its confirmed bookings: for a unit resource
    // (1 unit) no booking at any instant of it, for a quantity resource enough units at the peak. Needing more
    // units than the offer has at all is the quantity check's failure, not the bookings'.
    private const string FreeSql = """
        SELECT x.n, offer_free_units(x.offer_id, x.units, tstzrange(x.starts, x.ends, '[)')) >= least(x.units, x.needed) AS free
          FROM unnest(@Offers, @Units, @Needed, @Starts, @Ends) WITH ORDINALITY AS x(offer_id, units, needed, starts, ends, n)
        """;

    // The nearest open counterparts by the GiST index on (category, kind, location), for the near misses: those
    // nearest of all, and for a remote source also those nearest among the ones that work remotely.
    private const string Counterparts = """
        c.status = 'published' AND c.hidden_at IS NULL AND c.category = @Category AND c.kind = @Kind
                   AND c.valid_until > now() AND c.association_id <> @AssociationId
                   AND c.association_id NOT IN (SELECT id FROM association WHERE verification_status = 'suspended')
        """;

    private const string Nearest = "ORDER BY c.location <-> point(@Lon, @Lat) LIMIT @Budget";

    private const string NearColumns = $"""
        SELECT {MatchParties.Columns}, l.title, a.name AS association_name, a.verification_status = 'verified' AS verified, l.published_at,
               l.exchange_for, coalesce(tf.completed_count, 0) AS completed_count, coalesce(tf.rating_count, 0) AS rating_count,
               coalesce(tf.rating_sum, 0) AS rating_sum
        """;

    private const string NearJoins = $"""
        JOIN listing l ON l.id = n.id
        JOIN association a ON a.id = l.association_id
        LEFT JOIN association_trust_figures tf ON tf.association_id = l.association_id
        {MatchParties.Windows}
        """;

    private const string NearestSql = $"{NearColumns} FROM (SELECT c.id FROM listing c WHERE {Counterparts} {Nearest}) n {NearJoins}";

    private const string NearestRemoteSql = $"""
        {NearColumns}
          FROM ((SELECT c.id FROM listing c WHERE {Counterparts} {Nearest})
                UNION
                (SELECT c.id FROM listing c WHERE {Counterparts} AND c.remote_ok {Nearest})) n
        {NearJoins}
        """;

    /// <summary>The source listing, unchecked (the push, inside the transaction that published it).</summary>
    public static async Task<MatchSource?> SourceAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {SourceColumns}
              FROM listing l JOIN association a ON a.id = l.association_id {MatchParties.Windows}
             WHERE l.id = @Id
            """;
        return (await conn.QuerySingleOrDefaultAsync<SourceRow>(new CommandDefinition(sql, new { Id = id }, tx, cancellationToken: ct)))?.ToSource();
    }

    /// <summary>Reads the candidate rows of a source (<see cref="CandidatesSql"/>) from a reader.</summary>
    internal static async Task<IReadOnlyList<CandidateRow>> ReadCandidatesAsync(SqlMapper.GridReader reader) =>
        (await reader.ReadAsync<CandidateRow>()).AsList();

    internal static async Task<IReadOnlyList<CandidateRow>> CandidatesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, CancellationToken ct) =>
        (await conn.QueryAsync<CandidateRow>(new CommandDefinition(CandidatesSql, new { Id = id }, tx, cancellationToken: ct))).AsList();

    /// <summary>
    /// The source's matches, best first: the first <paramref name="limit"/> (all when null) exact with bookings,
    /// and the candidates that bookings took (failing "booking", for the near misses), as far as they were
    /// checked: all of them when fewer than the limit match. <paramref name="atLeast"/>: with no limit, candidates
    /// that could not score this much are not checked.
    /// </summary>
    internal static async Task<(List<MatchCandidate> Matches, List<MatchCandidate> Booked)> RankAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, MatchSource source, IReadOnlyList<CandidateRow> rows, int? limit, int atLeast, CancellationToken ct)
    {
        var ranked = rows.Select(r => Ranked.Of(source, r)).OrderBy(c => c.Key).ToList();
        var matches = new List<Ranked>();
        var booked = new List<Ranked>();
        var next = 0;
        while (next < ranked.Count)
        {
            var take = limit is { } l ? Math.Max(l + BookingSlack - matches.Count, BookingSlack) : ranked.Count - next;
            var batch = ranked.Skip(next).Take(take).Where(c => c.Points >= atLeast || limit is not null).ToList();
            next += take;
            foreach (var (candidate, served) in batch.Zip(await FreeAsync(conn, tx, batch.Select(c => (c.Offer, c.Request, c.Covered)).ToList(), ct)))
            {
                (served.Count > 0 ? matches : booked).Add(candidate.WithServed(served));
            }

            matches.Sort((a, b) => a.Key.CompareTo(b.Key));
            // Bookings only lower a score: once the limit is reached by candidates that rank before every one
            // still unchecked, the answer is exact.
            if (limit is { } enough && matches.Count >= enough && next < ranked.Count && matches[enough - 1].Key.CompareTo(ranked[next].Key) < 0)
            {
                break;
            }
        }

        return (matches.Take(limit ?? matches.Count).Select(c => c.Candidate(null)).ToList(),
                booked.Select(c => c.Candidate(new Shortfall.Booked())).ToList());
    }

    /// <summary>
    /// The nearest counterparts (<see cref="NearMissBudget"/>, and as many that work remotely for a remote
    /// source) that fail exactly one check, not counting those that pass every check (they are candidates).
    /// </summary>
    public static async Task<List<MatchCandidate>> NearMissesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, MatchSource source, CancellationToken ct)
    {
        var other = source.Kind == ListingKind.Request ? ListingKind.Offer : ListingKind.Request;
        var rows = await conn.QueryAsync<NearRow>(new CommandDefinition(
            source.Party.RemoteOk ? NearestRemoteSql : NearestSql,
            new
            {
                Category = EnumText<ListingCategory>.Of(source.Category),
                Kind = EnumText<ListingKind>.Of(other),
                source.AssociationId,
                Lat = source.Party.Latitude,
                Lon = source.Party.Longitude,
                Budget = NearMissBudget,
            },
            tx,
            cancellationToken: ct));
        var misses = new List<(NearRow Row, MatchFacts Facts, MatchParty Request, MatchParty Offer, PairCheck Check)>();
        foreach (var row in rows)
        {
            var party = row.ToParty();
            var (request, offer) = source.Kind == ListingKind.Request ? (source.Party, party) : (party, source.Party);
            if (MatchConstraints.Check(request, offer, source.Now, maxFailures: 1) is { Failures.Count: 1 } check
                && (check.BothRemote || check.DistanceKm <= 2 * check.ReachKm + NearMissMarginKm))
            {
                var facts = new MatchFacts(
                    source.Category, check.DistanceKm, check.ReachKm, check.BothRemote, check.Covered.Count,
                    request.Windows.Count(w => w.Window.End > source.Now), request.Recurring, offer.Terms, offer.CostEur,
                    source.Kind == ListingKind.Request ? row.ExchangeFor : source.ExchangeFor, request.MaxBudgetEur, row.Trust(), offer.Size,
                    request.Size, MatchParties.Utc(row.PublishedAt), source.Now);
                misses.Add((row, facts, request, offer, check));
            }
        }

        // A near miss that fails a fit check still needs a free window: bookings on top would be a second failure.
        var free = await FreeAsync(conn, tx, misses.Select(m => (m.Offer, m.Request, m.Check.Covered)).ToList(), ct);
        return misses.Zip(free)
            .Where(m => m.First.Check.Covered.Count == 0 || m.Second.Count > 0)
            .Select(m => Candidate(m.First.Row.Id, m.First.Row.Title, m.First.Row.AssociationId, m.First.Row.AssociationName,
                m.First.Facts with { WindowsServed = m.Second.Count }, m.Second, m.First.Check.Failures[0]))
            .ToList();
    }

    /// <summary>Orders candidates as answers list them: best score first, then nearer, then by id.</summary>
    public static IEnumerable<MatchCandidate> Best(this IEnumerable<MatchCandidate> candidates) =>
        candidates.OrderByDescending(c => c.Score.Score).ThenBy(c => c.DistanceKm).ThenBy(c => c.ListingId);

    /// <summary>For each pair, the covered windows that bookings leave free for the units needed.</summary>
    private static async Task<List<List<TimeWindow>>> FreeAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, IReadOnlyList<(MatchParty Offer, MatchParty Request, IReadOnlyList<SlotWindow> Covered)> pairs, CancellationToken ct)
    {
        var windows = pairs.SelectMany((p, i) => p.Covered.Select(w => (Pair: i, p.Offer, p.Request, w.Window))).ToList();
        var result = pairs.Select(_ => new List<TimeWindow>()).ToList();
        if (windows.Count == 0)
        {
            return result;
        }

        var free = (await conn.QueryAsync<(long N, bool Free)>(new CommandDefinition(
            FreeSql,
            new
            {
                Offers = windows.Select(w => w.Offer.Id).ToArray(),
                Units = windows.Select(w => w.Offer.Details.Quantity ?? 1).ToArray(),
                Needed = windows.Select(w => w.Request.Details.Quantity ?? 1).ToArray(),
                Starts = windows.Select(w => w.Window.Start.UtcDateTime).ToArray(),
                Ends = windows.Select(w => w.Window.End.UtcDateTime).ToArray(),
            },
            tx,
            cancellationToken: ct))).ToDictionary(f => f.N, f => f.Free);
        for (var i = 0; i < windows.Count; i++)
        {
            if (free[i + 1])
            {
                result[windows[i].Pair].Add(windows[i].Window);
            }
        }

        return result;
    }

    private static MatchCandidate Candidate(
        Guid id, string title, Guid associationId, string associationName, MatchFacts facts, IReadOnlyList<TimeWindow> served, Shortfall? shortfall) =>
        new(id, title, associationId, associationName, facts.BothRemote ? null : facts.DistanceKm, served, facts.WindowsTotal, MatchScorer.Score(facts), shortfall);

    /// <summary>A candidate while it is ranked: its facts, its score and the key answers order by.</summary>
    private sealed record Ranked(CandidateRow Row, MatchFacts Facts, MatchParty Request, MatchParty Offer, IReadOnlyList<SlotWindow> Covered,
        IReadOnlyList<TimeWindow> Served, int Points)
    {
        // A remote pair shows no distance and comes first among equal scores, as answers order them (Best).
        public (int, double, Guid) Key => (-Points, Facts.BothRemote ? -1 : Facts.DistanceKm, Row.ListingId);

        public static Ranked Of(MatchSource source, CandidateRow row)
        {
            var party = row.ToParty(source);
            var (request, offer) = source.Kind == ListingKind.Request ? (source.Party, party) : (party, source.Party);
            var km = MatchConstraints.RoundKm(MatchConstraints.DistanceKm(request.Latitude, request.Longitude, offer.Latitude, offer.Longitude));
            var covered = row.Covered();
            var facts = new MatchFacts(
                source.Category, km, Math.Max(request.ReachKm, offer.ReachKm), request.RemoteOk && offer.RemoteOk, covered.Count, row.WindowsTotal,
                request.Recurring, offer.Terms, offer.CostEur, source.Kind == ListingKind.Request ? row.ExchangeFor : source.ExchangeFor, request.MaxBudgetEur,
                row.Trust(), offer.Size, request.Size, MatchParties.Utc(row.PublishedAt), source.Now);
            return new Ranked(row, facts, request, offer, covered, [], MatchScorer.Points(facts));
        }

        public Ranked WithServed(IReadOnlyList<TimeWindow> served)
        {
            var facts = Facts with { WindowsServed = served.Count };
            return this with { Facts = facts, Served = served, Points = MatchScorer.Points(facts) };
        }

        public MatchCandidate Candidate(Shortfall? shortfall) =>
            MatchFinder.Candidate(Row.ListingId, Row.Title, Row.AssociationId, Row.AssociationName, Facts, Served, shortfall);
    }

    internal class SourceRow : PartyRow
    {
        public string AssociationName { get; init; } = "";
        public string Title { get; init; } = "";
        public string? ExchangeFor { get; init; }
        public ListingStatus Status { get; init; }
        public DateTime Now { get; init; }

        public MatchSource ToSource() => new(Id, AssociationId, AssociationName, Title, Status, ExchangeFor, MatchParties.Utc(Now), ToParty());
    }

    /// <summary>A near-refusal candidate: the constraints' columns and what the answer shows.</summary>
    private sealed class NearRow : PartyRow
    {
        public string Title { get; init; } = "";
        public string AssociationName { get; init; } = "";
        public bool Verified { get; init; }
        public DateTime PublishedAt { get; init; }
        public string? ExchangeFor { get; init; }
        public int CompletedCount { get; init; }
        public int RatingCount { get; init; }
        public long RatingSum { get; init; }

        public TrustFacts Trust() => TrustOf(Verified, CompletedCount, RatingCount, RatingSum);
    }

    /// <summary>One row of <see cref="CandidatesSql"/>.</summary>
    internal sealed class CandidateRow
    {
        public Guid ListingId { get; init; }
        public string Title { get; init; } = "";
        public Guid AssociationId { get; init; }
        public string AssociationName { get; init; } = "";
        public bool Verified { get; init; }
        public DateTime PublishedAt { get; init; }
        public double Latitude { get; init; }
        public double Longitude { get; init; }
        public decimal? ServiceRadiusKm { get; init; }
        public decimal? MaxDistanceKm { get; init; }
        public bool RemoteOk { get; init; }
        public int? Size { get; init; }
        public TermsKind Terms { get; init; }
        public decimal? CostEur { get; init; }
        public string? ExchangeFor { get; init; }
        public decimal? MaxBudgetEur { get; init; }
        public bool Recurring { get; init; }
        public int? Quantity { get; init; }
        public int[]? CoveredSlots { get; init; }
        public DateTime[]? CoveredStarts { get; init; }
        public DateTime[]? CoveredEnds { get; init; }
        public int WindowsTotal { get; init; }
        public int CompletedCount { get; init; }
        public int RatingCount { get; init; }
        public long RatingSum { get; init; }

        public TrustFacts Trust() => TrustOf(Verified, CompletedCount, RatingCount, RatingSum);

        public IReadOnlyList<SlotWindow> Covered() => MatchParties.WindowsOf(CoveredSlots, CoveredStarts, CoveredEnds);

        /// <summary>The candidate as the other side of the source: only what the score and the booking check read.</summary>
        public MatchParty ToParty(MatchSource source) => new(
            ListingId, AssociationId, source.Kind == ListingKind.Request ? ListingKind.Offer : ListingKind.Request, source.Category,
            Latitude, Longitude, ServiceRadiusKm, MaxDistanceKm, RemoteOk, Size, new ListingDetails(Quantity: Quantity), Terms, CostEur,
            MaxBudgetEur, Recurring, []);
    }

    private static TrustFacts TrustOf(bool verified, int completed, int ratings, long ratingSum) =>
        new(verified, completed, ratings > 0 ? (double)((decimal)ratingSum / ratings) : null, ratings);
}
