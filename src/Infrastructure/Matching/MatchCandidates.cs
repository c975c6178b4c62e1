using Dapper;
using Npgsql;
using NpgsqlTypes;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matching;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Matching;

/// <summary>
/// The match candidates: every request–offer pair of published, unhidden listings that passes the time, place
/// and fit checks (<see cref="MatchConstraints"/>), kept in match_candidate with the request's windows the offer
/// covers. Computed when a listing becomes published or changes, so that reading a listing's matches only scores
/// its candidates and checks the best against bookings.
/// <para>
/// The listing and window triggers (0018_match_candidates.sql) queue a listing in match_candidate_stale when it
/// becomes published, is unhidden or changes while published, and delete its candidates when it leaves. A write
/// of the API refreshes its listing in its own transaction (<see cref="RefreshAsync"/>); whatever else queued
/// listings (SQL, a bulk load) is refreshed by the background job, by a read that finds its category queued, or
/// by the command <c>refresh-matches</c>. Refreshes of one category take its advisory lock, so a refresh sees
/// every refresh and every departure of that category committed before it: two listings changed at the same time
/// never keep a pair computed from the other's old state.
/// </para>
/// </summary>
public static class MatchCandidates
{
    /// <summary>Above this many listings of a category to refresh at once, all its listings are loaded instead of those near each.</summary>
    private const int LoadAllAbove = 300;

    // Grid cells of 0.05° latitude × 0.075° longitude (about 5.5 × 5.3 km in Germany) for finding counterparts
    // nearest first.
    private const double CellLat = 0.05;
    private const double CellLon = 0.075;

    /// <summary>The sources whose pairs are found in parallel before they are written.</summary>
    private const int ChunkSize = 2048;
    private const double KmPerDegreeLatitude = 111.045;

    /// <summary>How many pairs listing <c>l</c> keeps itself (<c>for_request</c> or <c>for_offer</c> on its side).</summary>
    internal const string KeptCount = """
        ((SELECT count(*) FROM match_candidate m WHERE m.request_id = l.id AND m.for_request)
         + (SELECT count(*) FROM match_candidate m WHERE m.offer_id = l.id AND m.for_offer))
        """;

    private const string ClaimIds = "DELETE FROM match_candidate_stale WHERE listing_id = ANY(@Ids) RETURNING listing_id, category";

    private const string ClaimCategory = "DELETE FROM match_candidate_stale WHERE category = @Category RETURNING listing_id, category";

    // Oldest first; rows another instance is refreshing are left to it.
    private const string ClaimBatch = """
        DELETE FROM match_candidate_stale
         WHERE listing_id IN (SELECT listing_id FROM match_candidate_stale ORDER BY queued_at, listing_id LIMIT @Batch FOR UPDATE SKIP LOCKED)
        RETURNING listing_id, category
        """;

    /// <summary>Refreshes the candidates of <paramref name="ids"/>, if this transaction's writes queued them.</summary>
    public static Task<int> RefreshAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        RefreshClaimedAsync(conn, tx, ClaimIds, new { Ids = ids.ToArray() }, null, ct);

    /// <summary>
    /// Refreshes every queued listing of a category (a read that found its category queued; the command after a
    /// bulk load, with <paramref name="commandTimeout"/> 0 seconds, none, since a category of hundreds of thousands
    /// takes minutes).
    /// </summary>
    public static Task<int> RefreshCategoryAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ListingCategory category, CancellationToken ct, int? commandTimeout = null) =>
        RefreshClaimedAsync(conn, tx, ClaimCategory, new { Category = EnumText<ListingCategory>.Of(category) }, commandTimeout, ct);

    /// <summary>Computes a listing's candidates again: a read found it holding fewer than <see cref="CandidateBound.RefillBelow"/> of those it kept.</summary>
    public static async Task<int> RefillAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, ListingCategory category, CancellationToken ct)
    {
        const string queue = """
            INSERT INTO match_candidate_stale (listing_id, category) VALUES (@Id, @Category)
                ON CONFLICT (listing_id) DO NOTHING
            """;
        await conn.ExecuteAsync(new CommandDefinition(queue, new { Id = id, Category = EnumText<ListingCategory>.Of(category) }, tx, cancellationToken: ct));
        return await RefreshAsync(conn, tx, [id], ct);
    }

    /// <summary>Refreshes up to <paramref name="batch"/> queued listings, oldest first, skipping those another instance holds.</summary>
    public static Task<int> RefreshQueuedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int batch, CancellationToken ct) =>
        RefreshClaimedAsync(conn, tx, ClaimBatch, new { Batch = batch }, null, ct);

    private static async Task<int> RefreshClaimedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string claim, object args, int? timeout, CancellationToken ct)
    {
        CommandDefinition Command(string sql, object param) => new(sql, param, tx, timeout, cancellationToken: ct);

        // The lock statement sorts before it locks, so that two refreshes take their categories in one order.
        const string lockCategories = """
            SELECT pg_advisory_xact_lock(hashtextextended('match_candidate:' || c.category, 0))
              FROM (SELECT DISTINCT category FROM unnest(@Categories) AS u(category) ORDER BY category) c
            """;
        const string forget = """
            DELETE FROM match_candidate WHERE request_id = ANY(@Ids);
            DELETE FROM match_candidate WHERE offer_id = ANY(@Ids);
            DELETE FROM match_candidate_floor WHERE listing_id = ANY(@Ids);
            """;
        const string sources = $"""
            SELECT {MatchParties.Columns}
              FROM listing l {MatchParties.Windows}
             WHERE l.id = ANY(@Ids) AND {MatchParties.Active}
            """;
        const string counterpartFloors = "SELECT listing_id, points FROM match_candidate_floor WHERE listing_id = ANY(@Ids)";
        const string writeFloors = """
            INSERT INTO match_candidate_floor (listing_id, points)
            SELECT * FROM unnest(@Ids, @Points)
            """;
        // Listings not computed here that the new pairs took past what they keep (more than CandidateBound.Kept
        // without a floor, twice that with one) are computed again at once, which gives them a floor or raises it.
        const string queueOverfull = $"""
            INSERT INTO match_candidate_stale (listing_id, category)
            SELECT l.id, l.category
              FROM listing l LEFT JOIN match_candidate_floor f ON f.listing_id = l.id
             WHERE l.id = ANY(@Ids)
               AND {KeptCount} > CASE WHEN f.points IS NULL THEN @Kept ELSE 2 * @Kept END
                ON CONFLICT (listing_id) DO NOTHING
            RETURNING listing_id
            """;
        var claimed = (await conn.QueryAsync<(Guid Id, string Category)>(Command(claim, args))).AsList();
        if (claimed.Count == 0)
        {
            return 0;
        }

        var ids = claimed.Select(c => c.Id).ToArray();
        await conn.ExecuteAsync(Command(lockCategories, new { Categories = claimed.Select(c => c.Category).ToArray() }));
        await conn.ExecuteAsync(Command(forget, new { Ids = ids }));
        var parties = (await conn.QueryAsync<PartyRow>(Command(sources, new { Ids = ids })))
            .Select(r => r.ToParty()).ToList();
        // Everything is read before the COPY starts: the connection serves one command at a time.
        var claimedIds = ids.ToHashSet();
        var groups = new List<(IReadOnlyList<MatchParty> Sources, Counterparts Counterparts)>();
        foreach (var group in parties.GroupBy(p => p.Category))
        {
            var sourcesOfCategory = group.ToList();
            groups.Add((sourcesOfCategory, new Counterparts(
                sourcesOfCategory.Count > LoadAllAbove ? await AllAsync(conn, tx, group.Key, timeout, ct) : await NearAsync(conn, tx, sourcesOfCategory, timeout, ct),
                claimedIds)));
        }

        var others = groups.SelectMany(g => g.Counterparts.Ids).Where(id => !claimedIds.Contains(id)).ToArray();
        var floors = (await conn.QueryAsync<(Guid Id, short Points)>(Command(counterpartFloors, new { Ids = others })))
            .ToDictionary(f => f.Id, f => (int)f.Points);
        var now = DateTimeOffset.UtcNow;
        var sourceFloors = new List<(Guid Id, int Points)>();
        foreach (var (sourcesOfCategory, counterparts) in groups)
        {
            var found = new int?[sourcesOfCategory.Count];
            Parallel.For(0, found.Length, i => found[i] = counterparts.Floor(sourcesOfCategory[i], now));
            sourceFloors.AddRange(sourcesOfCategory.Zip(found).Where(f => f.Second is not null).Select(f => (f.First.Id, f.Second!.Value)));
        }

        foreach (var (id, points) in sourceFloors)
        {
            floors[id] = points;
        }

        var written = 0;
        var touched = new HashSet<Guid>();
        await using (var copy = await conn.BeginBinaryImportAsync("COPY match_candidate (request_id, offer_id, slots, for_request, for_offer) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (sourcesOfCategory, counterparts) in groups)
            {
                // A chunk's pairs are found in parallel, then written.
                foreach (var chunk in sourcesOfCategory.Chunk(ChunkSize))
                {
                    var pairs = new List<KeptPair>[chunk.Length];
                    Parallel.For(0, chunk.Length, i => pairs[i] = counterparts.Kept(chunk[i], floors, now).ToList());
                    foreach (var pair in pairs.SelectMany(p => p))
                    {
                        await copy.StartRowAsync(ct);
                        await copy.WriteAsync(pair.Request, NpgsqlDbType.Uuid, ct);
                        await copy.WriteAsync(pair.Offer, NpgsqlDbType.Uuid, ct);
                        await copy.WriteAsync(pair.Covered, NpgsqlDbType.Array | NpgsqlDbType.Smallint, ct);
                        await copy.WriteAsync(pair.ForRequest, NpgsqlDbType.Boolean, ct);
                        await copy.WriteAsync(pair.ForOffer, NpgsqlDbType.Boolean, ct);
                        written++;
                        if (pair.Touched is { } counterpart)
                        {
                            touched.Add(counterpart);
                        }
                    }
                }
            }

            await copy.CompleteAsync(ct);
        }

        await conn.ExecuteAsync(Command(
            writeFloors,
            new { Ids = sourceFloors.Select(f => f.Id).ToArray(), Points = sourceFloors.Select(f => (short)f.Points).ToArray() }));
        var overfull = (await conn.QueryAsync<Guid>(Command(queueOverfull, new { Ids = touched.ToArray(), CandidateBound.Kept }))).AsList();
        return overfull.Count == 0 ? written : written + await RefreshClaimedAsync(conn, tx, ClaimIds, new { Ids = overfull.ToArray() }, timeout, ct);
    }

    /// <summary>Every active listing of the category.</summary>
    private static async Task<IReadOnlyList<MatchParty>> AllAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ListingCategory category, int? timeout, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {MatchParties.Columns}
              FROM listing l {MatchParties.Windows}
             WHERE {MatchParties.Active} AND l.category = @Category
            """;
        var rows = conn.QueryUnbufferedAsync<PartyRow>(sql, new { Category = EnumText<ListingCategory>.Of(category) }, tx, timeout);
        var parties = new List<MatchParty>();
        await foreach (var row in rows.WithCancellation(ct))
        {
            parties.Add(row.ToParty());
        }

        return parties;
    }

    /// <summary>
    /// The active counterparts of each source within its reach box (the larger of its reach and the largest
    /// counterpart reach of the category), and, for a source that accepts remote work, those that do too.
    /// </summary>
    private static async Task<IReadOnlyList<MatchParty>> NearAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<MatchParty> sources, int? timeout, CancellationToken ct)
    {
        const string reachSql = $"""
            SELECT coalesce(max(greatest(coalesce(l.service_radius_km, 0), coalesce(l.max_distance_km, 0))), 0)::float8
              FROM listing l WHERE l.status = 'published' AND l.category = @Category AND l.kind = @Kind
            """;
        const string sql = $"""
            SELECT {MatchParties.Columns}
              FROM (SELECT DISTINCT c.id
                      FROM unnest(@MinLon, @MinLat, @MaxLon, @MaxLat, @Remote) AS b(min_lon, min_lat, max_lon, max_lat, remote)
                      JOIN listing c ON c.status = 'published' AND c.category = @Category AND c.kind = @Kind
                                    AND (c.location <@ box(point(b.min_lon, b.min_lat), point(b.max_lon, b.max_lat)) OR (b.remote AND c.remote_ok))) n
              JOIN listing l ON l.id = n.id {MatchParties.Windows}
            """;
        var found = new List<MatchParty>();
        foreach (var byKind in sources.GroupBy(s => s.Kind))
        {
            var kind = EnumText<ListingKind>.Of(byKind.Key == ListingKind.Request ? ListingKind.Offer : ListingKind.Request);
            var category = EnumText<ListingCategory>.Of(byKind.First().Category);
            var reach = await conn.ExecuteScalarAsync<double>(new CommandDefinition(reachSql, new { Category = category, Kind = kind }, tx, timeout, cancellationToken: ct));
            var boxes = byKind.Select(s => Box(s.Latitude, s.Longitude, Math.Max(s.ReachKm, reach) + 1)).ToList();
            var rows = await conn.QueryAsync<PartyRow>(new CommandDefinition(
                sql,
                new
                {
                    MinLon = boxes.Select(b => b.MinLon).ToArray(),
                    MinLat = boxes.Select(b => b.MinLat).ToArray(),
                    MaxLon = boxes.Select(b => b.MaxLon).ToArray(),
                    MaxLat = boxes.Select(b => b.MaxLat).ToArray(),
                    Remote = byKind.Select(s => s.RemoteOk).ToArray(),
                    Category = category,
                    Kind = kind,
                },
                tx,
                timeout,
                cancellationToken: ct));
            found.AddRange(rows.Select(r => r.ToParty()));
        }

        return found;
    }

    private static (double MinLat, double MinLon, double MaxLat, double MaxLon) Box(double latitude, double longitude, double km)
    {
        var dLat = km / KmPerDegreeLatitude;
        var dLon = km / (KmPerDegreeLatitude * Math.Max(0.01, Math.Cos(latitude * Math.PI / 180)));
        return (latitude - dLat, longitude - dLon, latitude + dLat, longitude + dLon);
    }

    /// <summary>A pair to write, with the sides that keep it; <see cref="Touched"/> is its counterpart when that was not refreshed.</summary>
    private readonly record struct KeptPair(Guid Request, Guid Offer, short[] Covered, bool ForRequest, bool ForOffer, Guid? Touched);

    /// <summary>The counterparts of a category's sources, by kind and place, and the pairs a source keeps among them.</summary>
    private sealed class Counterparts
    {
        // Listing points leave out trust and freshness.
        private static readonly TrustFacts NoTrust = new(false, 0, null, 0);

        private readonly IReadOnlySet<Guid> refreshed;
        private readonly Dictionary<ListingKind, Grid> all;
        private readonly Dictionary<ListingKind, Grid> notRefreshed;

        public Counterparts(IReadOnlyList<MatchParty> parties, IReadOnlySet<Guid> refreshed)
        {
            this.refreshed = refreshed;
            Ids = parties.Select(p => p.Id).ToList();
            all = Enum.GetValues<ListingKind>().ToDictionary(k => k, k => new Grid(parties.Where(p => p.Kind == k)));
            notRefreshed = Enum.GetValues<ListingKind>().ToDictionary(k => k, k => new Grid(parties.Where(p => p.Kind == k && !refreshed.Contains(p.Id))));
        }

        public IReadOnlyList<Guid> Ids { get; }

        /// <summary>The source's floor: the listing points of its <see cref="CandidateBound.Kept"/>-th best candidate, null when it has fewer.</summary>
        public int? Floor(MatchParty source, DateTimeOffset now)
        {
            var best = new PriorityQueue<int, int>(CandidateBound.Kept + 1);
            foreach (var pair in Matching(all, source, now, () => best.Count == CandidateBound.Kept ? best.Peek() : null))
            {
                if (best.Count < CandidateBound.Kept)
                {
                    best.Enqueue(pair.Points, pair.Points);
                }
                else if (pair.Points > best.Peek())
                {
                    best.EnqueueDequeue(pair.Points, pair.Points);
                }
            }

            return best.Count == CandidateBound.Kept ? best.Peek() : null;
        }

        /// <summary>
        /// The pairs the source writes, given every floor (the refreshed listings' just computed), with the sides
        /// that keep them: those reaching its own floor, but of a pair with a refreshed request that keeps it only the
        /// request's; and those with a counterpart not refreshed that reach the counterpart's floor.
        /// </summary>
        public IEnumerable<KeptPair> Kept(MatchParty source, IReadOnlyDictionary<Guid, int> floors, DateTimeOffset now)
        {
            int? FloorOf(Guid id) => floors.TryGetValue(id, out var floor) ? floor : null;
            var own = FloorOf(source.Id);
            foreach (var (request, offer, check, points) in Matching(all, source, now, () => own))
            {
                var counterpart = source.Kind == ListingKind.Request ? offer : request;
                if (!CandidateBound.Keeps(own, points)
                    || (source.Kind == ListingKind.Offer && refreshed.Contains(counterpart.Id) && CandidateBound.Keeps(FloorOf(counterpart.Id), points)))
                {
                    continue;
                }

                var theirs = CandidateBound.Keeps(FloorOf(counterpart.Id), points);
                yield return source.Kind == ListingKind.Request
                    ? new KeptPair(request.Id, offer.Id, Slots(check), true, theirs, refreshed.Contains(counterpart.Id) ? null : counterpart.Id)
                    : new KeptPair(request.Id, offer.Id, Slots(check), theirs, true, refreshed.Contains(counterpart.Id) ? null : counterpart.Id);
            }

            foreach (var (request, offer, check, points) in Matching(notRefreshed, source, now, () => null))
            {
                var counterpart = source.Kind == ListingKind.Request ? offer : request;
                if (!CandidateBound.Keeps(own, points) && CandidateBound.Keeps(FloorOf(counterpart.Id), points))
                {
                    var forRequest = source.Kind == ListingKind.Offer;
                    yield return new KeptPair(request.Id, offer.Id, Slots(check), forRequest, !forRequest, counterpart.Id);
                }
            }
        }

        private static short[] Slots(PairCheck check) => check.Covered.Select(w => (short)w.Slot).ToArray();

        /// <summary>
        /// Every counterpart in <paramref name="grids"/> that makes a match with the source, with the pair's listing
        /// points: those that work remotely as the source does first, then the others nearest first, as long as one
        /// could still reach the points <paramref name="least"/> asks for.
        /// </summary>
        private static IEnumerable<(MatchParty Request, MatchParty Offer, PairCheck Check, int Points)> Matching(
            Dictionary<ListingKind, Grid> grids, MatchParty source, DateTimeOffset now, Func<int?> least)
        {
            var grid = grids[source.Kind == ListingKind.Request ? ListingKind.Offer : ListingKind.Request];
            var reach = Math.Max(source.ReachKm, grid.MaxReachKm);
            var screen = new Screen(source);
            for (var i = 0; source.RemoteOk && i < grid.Remote.Parties.Length; i++)
            {
                if (screen.Passes(grid.Remote, i) && Pair(source, grid.Remote.Parties[i], now) is { } pair)
                {
                    yield return pair;
                }
            }

            var box = Box(source.Latitude, source.Longitude, reach + 1);
            var kmPerDegreeLongitude = KmPerDegreeLatitude * Math.Cos(source.Latitude * Math.PI / 180);
            foreach (var (cells, nearestKm) in grid.Rings(source.Latitude, source.Longitude, box))
            {
                if (least() is { } points && MatchScorer.ListingPointsAtMost(nearestKm, reach) < points)
                {
                    yield break;
                }

                foreach (var cell in cells)
                {
                    for (var i = 0; i < cell.Parties.Length; i++)
                    {
                        var (latitude, longitude) = (cell.Latitudes[i], cell.Longitudes[i]);
                        if (latitude < box.MinLat || latitude > box.MaxLat || longitude < box.MinLon || longitude > box.MaxLon
                            || (source.RemoteOk && cell.RemoteOk[i]) || !screen.Passes(cell, i))
                        {
                            continue;
                        }

                        // Beyond both reaches on a flat map (well within 1 % of the distance the check measures): no match.
                        var (northKm, eastKm) = ((latitude - source.Latitude) * KmPerDegreeLatitude, (longitude - source.Longitude) * kmPerDegreeLongitude);
                        var pairReach = Math.Max(source.ReachKm, cell.ReachKm[i]) * 1.01 + 0.5;
                        if (northKm * northKm + eastKm * eastKm > pairReach * pairReach)
                        {
                            continue;
                        }

                        if (Pair(source, cell.Parties[i], now) is { } pair)
                        {
                            yield return pair;
                        }
                    }
                }
            }
        }

        private static (MatchParty Request, MatchParty Offer, PairCheck Check, int Points)? Pair(MatchParty source, MatchParty candidate, DateTimeOffset now)
        {
            if (candidate.AssociationId == source.AssociationId)
            {
                return null;
            }

            var (request, offer) = source.Kind == ListingKind.Request ? (source, candidate) : (candidate, source);
            if (MatchConstraints.Check(request, offer, now, maxFailures: 0) is not { } check)
            {
                return null;
            }

            return (request, offer, check, MatchScorer.ListingPoints(new MatchFacts(
                request.Category, check.DistanceKm, check.ReachKm, check.BothRemote, check.Covered.Count,
                request.Windows.Count(w => w.Window.End > now), request.Recurring, offer.Terms, offer.CostEur, null, request.MaxBudgetEur,
                NoTrust, offer.Size, request.Size, now, now)));
        }
    }

    /// <summary>The listings of one cell, with what the scan of a cell compares side by side in arrays.</summary>
    private sealed class GridCell(List<MatchParty> parties)
    {
        public MatchParty[] Parties { get; } = [.. parties];

        public double[] Latitudes { get; } = [.. parties.Select(p => p.Latitude)];

        public double[] Longitudes { get; } = [.. parties.Select(p => p.Longitude)];

        public double[] ReachKm { get; } = [.. parties.Select(p => p.ReachKm)];

        public bool[] RemoteOk { get; } = [.. parties.Select(p => p.RemoteOk)];

        public Days[] Days { get; } = [.. parties.Select(MatchCandidates.Days.Of)];

        public int[] Sizes { get; } = [.. parties.Select(SizeOf)];

        public double[] Money { get; } = [.. parties.Select(MoneyOf)];

        /// <summary>The size a request needs or an offer has (missing: 0, which any size serves).</summary>
        public static int SizeOf(MatchParty party) => party.Size ?? 0;

        /// <summary>
        /// What an offer costs (a cost share; free and exchange 0) or a request may spend, as the budget check
        /// compares them; rounding to double keeps their order, so it never rules out a pair the check would pass.
        /// </summary>
        public static double MoneyOf(MatchParty party) => (double)(party.Kind == ListingKind.Offer
            ? party.Terms == TermsKind.CostSharing ? party.CostEur ?? 0 : 0
            : party.MaxBudgetEur ?? 0);
    }

    /// <summary>
    /// What the arrays of a cell tell of a source's time, size and budget checks, computed once for the source:
    /// whether a listing of the cell can pass them.
    /// </summary>
    private readonly struct Screen(MatchParty source)
    {
        private readonly bool request = source.Kind == ListingKind.Request;
        private readonly Days days = Days.Of(source);
        private readonly int size = GridCell.SizeOf(source);
        private readonly double money = GridCell.MoneyOf(source);

        public bool Passes(GridCell cell, int i)
        {
            if (!days.Meet(cell.Days[i]))
            {
                return false;
            }

            var (needed, offered, cost, budget) = request ? (size, cell.Sizes[i], cell.Money[i], money) : (cell.Sizes[i], size, money, cell.Money[i]);
            return needed <= offered && !(cost > 0 && cost > budget);
        }
    }

    /// <summary>
    /// The days (UTC, numbered modulo 256) on which a request's windows start or an offer's windows run. A request
    /// window lies inside an offer window only if it starts on a day the offer window runs: a request and an offer
    /// whose days do not meet cannot match in time, which rules most pairs out before their listings are read.
    /// </summary>
    private readonly record struct Days(ulong A, ulong B, ulong C, ulong D)
    {
        private const int Count = 256;

        public bool Meet(Days other) => ((A & other.A) | (B & other.B) | (C & other.C) | (D & other.D)) != 0;

        public static Days Of(MatchParty party)
        {
            Span<ulong> bits = stackalloc ulong[Count / 64];
            foreach (var (_, window) in party.Windows)
            {
                var first = window.Start.UtcTicks / TimeSpan.TicksPerDay;
                var last = party.Kind == ListingKind.Request ? first : (window.End.UtcTicks - 1) / TimeSpan.TicksPerDay;
                for (var day = first; day <= Math.Min(last, first + Count - 1); day++)
                {
                    bits[(int)(day % Count) / 64] |= 1UL << (int)(day % 64);
                }
            }

            return new Days(bits[0], bits[1], bits[2], bits[3]);
        }
    }

    /// <summary>Listings by grid cell, to find those within a radius nearest first without comparing every pair.</summary>
    private sealed class Grid
    {
        private readonly Dictionary<(int, int), GridCell> cells;

        public Grid(IEnumerable<MatchParty> parties)
        {
            var byCell = new Dictionary<(int, int), List<MatchParty>>();
            var remote = new List<MatchParty>();
            foreach (var party in parties)
            {
                var key = Cell(party.Latitude, party.Longitude);
                if (!byCell.TryGetValue(key, out var cell))
                {
                    byCell[key] = cell = [];
                }

                cell.Add(party);
                MaxReachKm = Math.Max(MaxReachKm, party.ReachKm);
                if (party.RemoteOk)
                {
                    remote.Add(party);
                }
            }

            cells = byCell.ToDictionary(c => c.Key, c => new GridCell(c.Value));
            Remote = new GridCell(remote);
        }

        public double MaxReachKm { get; }

        public GridCell Remote { get; }

        /// <summary>
        /// The cells that hold listings within <paramref name="box"/> around a point, a ring of cells at a time
        /// outwards from the point's cell, each with a distance that none of its listings is nearer than.
        /// </summary>
        public IEnumerable<(List<GridCell> Cells, double NearestKm)> Rings(double latitude, double longitude, (double MinLat, double MinLon, double MaxLat, double MaxLon) box)
        {
            var (centreLat, centreLon) = Cell(latitude, longitude);
            var (fromLat, fromLon) = Cell(box.MinLat, box.MinLon);
            var (toLat, toLon) = Cell(box.MaxLat, box.MaxLon);
            var rings = Math.Max(Math.Max(centreLat - fromLat, toLat - centreLat), Math.Max(centreLon - fromLon, toLon - centreLon));
            var found = new List<GridCell>();
            for (var ring = 0; ring <= rings; ring++)
            {
                found.Clear();
                foreach (var key in CellsOf(ring))
                {
                    if (cells.TryGetValue(key, out var cell))
                    {
                        found.Add(cell);
                    }
                }

                // The point may lie at the edge of its cell: ring k is at least k − 1 cells away, east–west measured
                // at the latitude farthest from the equator the ring reaches.
                var widestLatitude = Math.Min(89, Math.Abs(latitude) + (ring + 1) * CellLat);
                var cellKm = Math.Min(CellLat, CellLon * Math.Cos(widestLatitude * Math.PI / 180)) * KmPerDegreeLatitude;
                yield return (found, Math.Max(0, ring - 1) * cellKm);
            }

            // The cells ring steps away from the point's, within the box: whole rows at its top and bottom, the two
            // ends of the rows between.
            IEnumerable<(int, int)> CellsOf(int ring)
            {
                for (var i = Math.Max(fromLat, centreLat - ring); i <= Math.Min(toLat, centreLat + ring); i++)
                {
                    if (i == centreLat - ring || i == centreLat + ring)
                    {
                        for (var j = Math.Max(fromLon, centreLon - ring); j <= Math.Min(toLon, centreLon + ring); j++)
                        {
                            yield return (i, j);
                        }
                    }
                    else
                    {
                        if (centreLon - ring >= fromLon)
                        {
                            yield return (i, centreLon - ring);
                        }

                        if (centreLon + ring <= toLon)
                        {
                            yield return (i, centreLon + ring);
                        }
                    }
                }
            }
        }

        private static (int, int) Cell(double latitude, double longitude) => ((int)Math.Floor(latitude / CellLat), (int)Math.Floor(longitude / CellLon));
    }
}
