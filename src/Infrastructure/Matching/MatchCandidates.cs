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

    // Grid cells of 0.2° latitude × 0.3° longitude (about 22 × 21 km in Germany) for finding counterparts nearby.
    private const double CellLat = 0.2;
    private const double CellLon = 0.3;
    private const double KmPerDegreeLatitude = 111.045;

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
        RefreshClaimedAsync(conn, tx, ClaimIds, new { Ids = ids.ToArray() }, ct);

    /// <summary>Refreshes every queued listing of a category (a read that found its category queued).</summary>
    public static Task<int> RefreshCategoryAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ListingCategory category, CancellationToken ct) =>
        RefreshClaimedAsync(conn, tx, ClaimCategory, new { Category = EnumText<ListingCategory>.Of(category) }, ct);

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
        RefreshClaimedAsync(conn, tx, ClaimBatch, new { Batch = batch }, ct);

    private static async Task<int> RefreshClaimedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string claim, object args, CancellationToken ct)
    {
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
        // Listings not computed here that the new pairs took past what they keep (more than CandidateBound.Kept without a floor, twice that with one) are
        // computed again at once, which gives them a floor or raises it.
        const string queueOverfull = """
            INSERT INTO match_candidate_stale (listing_id, category)
            SELECT l.id, l.category
              FROM listing l LEFT JOIN match_candidate_floor f ON f.listing_id = l.id
             WHERE l.id = ANY(@Ids)
               AND (SELECT count(*) FROM match_candidate m WHERE m.request_id = l.id) + (SELECT count(*) FROM match_candidate m WHERE m.offer_id = l.id)
                   > CASE WHEN f.points IS NULL THEN @Kept ELSE 2 * @Kept END
                ON CONFLICT (listing_id) DO NOTHING
            RETURNING listing_id
            """;
        var claimed = (await conn.QueryAsync<(Guid Id, string Category)>(new CommandDefinition(claim, args, tx, cancellationToken: ct))).AsList();
        if (claimed.Count == 0)
        {
            return 0;
        }

        var ids = claimed.Select(c => c.Id).ToArray();
        await conn.ExecuteAsync(new CommandDefinition(lockCategories, new { Categories = claimed.Select(c => c.Category).ToArray() }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(forget, new { Ids = ids }, tx, cancellationToken: ct));
        var parties = (await conn.QueryAsync<PartyRow>(new CommandDefinition(sources, new { Ids = ids }, tx, cancellationToken: ct)))
            .Select(r => r.ToParty()).ToList();
        // Everything is read before the COPY starts: the connection serves one command at a time.
        var groups = new List<(IReadOnlyList<MatchParty> Sources, Counterparts Counterparts)>();
        foreach (var group in parties.GroupBy(p => p.Category))
        {
            var sourcesOfCategory = group.ToList();
            groups.Add((sourcesOfCategory, new Counterparts(sourcesOfCategory.Count > LoadAllAbove
                ? await AllAsync(conn, tx, group.Key, ct)
                : await NearAsync(conn, tx, sourcesOfCategory, ct))));
        }

        var claimedIds = ids.ToHashSet();
        var others = groups.SelectMany(g => g.Counterparts.Ids).Where(id => !claimedIds.Contains(id)).ToArray();
        var floors = (await conn.QueryAsync<(Guid Id, short Points)>(new CommandDefinition(counterpartFloors, new { Ids = others }, tx, cancellationToken: ct)))
            .ToDictionary(f => f.Id, f => (int)f.Points);
        var now = DateTimeOffset.UtcNow;
        var sourceFloors = groups.SelectMany(g => SourceFloors(g.Sources, g.Counterparts, now)).ToList();
        foreach (var (id, points) in sourceFloors)
        {
            floors[id] = points;
        }

        var written = 0;
        var touched = new HashSet<Guid>();
        await using (var copy = await conn.BeginBinaryImportAsync("COPY match_candidate (request_id, offer_id, slots) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (request, offer, covered) in groups.SelectMany(g => Pairs(g.Sources, g.Counterparts, claimedIds, floors, touched, now)))
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(request, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(offer, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(covered, NpgsqlDbType.Array | NpgsqlDbType.Smallint, ct);
                written++;
            }

            await copy.CompleteAsync(ct);
        }

        await conn.ExecuteAsync(new CommandDefinition(
            writeFloors,
            new { Ids = sourceFloors.Select(f => f.Id).ToArray(), Points = sourceFloors.Select(f => (short)f.Points).ToArray() },
            tx,
            cancellationToken: ct));
        var overfull = (await conn.QueryAsync<Guid>(new CommandDefinition(queueOverfull, new { Ids = touched.ToArray(), CandidateBound.Kept }, tx, cancellationToken: ct))).AsList();
        return overfull.Count == 0 ? written : written + await RefreshClaimedAsync(conn, tx, ClaimIds, new { Ids = overfull.ToArray() }, ct);
    }

    /// <summary>The floors of the sources that have more candidates than they keep (<see cref="CandidateBound"/>).</summary>
    private static IEnumerable<(Guid Id, int Points)> SourceFloors(IReadOnlyList<MatchParty> sources, Counterparts counterparts, DateTimeOffset now)
    {
        var points = new List<int>();
        foreach (var source in sources)
        {
            points.Clear();
            points.AddRange(counterparts.Matching(source, now).Select(m => m.Points));
            if (CandidateBound.Floor(points) is { } floor)
            {
                yield return (source.Id, floor);
            }
        }
    }

    /// <summary>
    /// The kept pairs of <paramref name="sources"/> among their counterparts (which may include the sources): those
    /// reaching the floor of either side. A pair of two refreshed listings is found from its request only. The
    /// counterparts not refreshed that gain a pair are added to <paramref name="touched"/>.
    /// </summary>
    private static IEnumerable<(Guid Request, Guid Offer, short[] Covered)> Pairs(
        IReadOnlyList<MatchParty> sources, Counterparts counterparts, IReadOnlySet<Guid> refreshed, IReadOnlyDictionary<Guid, int> floors,
        HashSet<Guid> touched, DateTimeOffset now)
    {
        int? FloorOf(Guid id) => floors.TryGetValue(id, out var floor) ? floor : null;
        foreach (var source in sources)
        {
            foreach (var (request, offer, check, points) in counterparts.Matching(source, now))
            {
                if (source.Kind == ListingKind.Offer && refreshed.Contains(request.Id))
                {
                    continue;
                }

                if (CandidateBound.Keeps(FloorOf(request.Id), points) || CandidateBound.Keeps(FloorOf(offer.Id), points))
                {
                    var counterpart = source.Kind == ListingKind.Request ? offer.Id : request.Id;
                    if (!refreshed.Contains(counterpart))
                    {
                        touched.Add(counterpart);
                    }

                    yield return (request.Id, offer.Id, check.Covered.Select(w => (short)w.Slot).ToArray());
                }
            }
        }
    }

    /// <summary>Every active listing of the category.</summary>
    private static async Task<IReadOnlyList<MatchParty>> AllAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ListingCategory category, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {MatchParties.Columns}
              FROM listing l {MatchParties.Windows}
             WHERE {MatchParties.Active} AND l.category = @Category
            """;
        var rows = conn.QueryUnbufferedAsync<PartyRow>(sql, new { Category = EnumText<ListingCategory>.Of(category) }, tx);
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
    private static async Task<IReadOnlyList<MatchParty>> NearAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<MatchParty> sources, CancellationToken ct)
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
            var reach = await conn.ExecuteScalarAsync<double>(new CommandDefinition(reachSql, new { Category = category, Kind = kind }, tx, cancellationToken: ct));
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

    /// <summary>The counterparts of a category's sources, by kind and place, and the pairs they make with a source.</summary>
    private sealed class Counterparts
    {
        // Listing points leave out trust and freshness.
        private static readonly TrustFacts NoTrust = new(false, 0, null, 0);

        private readonly Grid offers;
        private readonly Grid requests;

        public Counterparts(IReadOnlyList<MatchParty> parties)
        {
            Ids = parties.Select(p => p.Id).ToList();
            offers = new Grid(parties.Where(p => p.Kind == ListingKind.Offer));
            requests = new Grid(parties.Where(p => p.Kind == ListingKind.Request));
        }

        public IReadOnlyList<Guid> Ids { get; }

        /// <summary>Every counterpart that makes a match with the source, with the pair's listing points.</summary>
        public IEnumerable<(MatchParty Request, MatchParty Offer, PairCheck Check, int Points)> Matching(MatchParty source, DateTimeOffset now)
        {
            var grid = source.Kind == ListingKind.Request ? offers : requests;
            var radius = Math.Max(source.ReachKm, grid.MaxReachKm) + 1;
            var near = grid.Near(source.Latitude, source.Longitude, radius).Where(c => !(source.RemoteOk && c.RemoteOk));
            var remote = source.RemoteOk ? grid.Remote : [];
            foreach (var candidate in near.Concat(remote))
            {
                if (candidate.AssociationId == source.AssociationId)
                {
                    continue;
                }

                var (request, offer) = source.Kind == ListingKind.Request ? (source, candidate) : (candidate, source);
                if (MatchConstraints.Check(request, offer, now, maxFailures: 0) is { } check)
                {
                    yield return (request, offer, check, MatchScorer.ListingPoints(new MatchFacts(
                        request.Category, check.DistanceKm, check.ReachKm, check.BothRemote, check.Covered.Count,
                        request.Windows.Count(w => w.Window.End > now), request.Recurring, offer.Terms, offer.CostEur, null, request.MaxBudgetEur,
                        NoTrust, offer.Size, request.Size, now, now)));
                }
            }
        }
    }

    /// <summary>Listings by grid cell, to find those within a radius without comparing every pair.</summary>
    private sealed class Grid
    {
        private readonly Dictionary<(int, int), List<MatchParty>> cells = [];

        public Grid(IEnumerable<MatchParty> parties)
        {
            foreach (var party in parties)
            {
                var key = Cell(party.Latitude, party.Longitude);
                if (!cells.TryGetValue(key, out var cell))
                {
                    cells[key] = cell = [];
                }

                cell.Add(party);
                MaxReachKm = Math.Max(MaxReachKm, party.ReachKm);
                if (party.RemoteOk)
                {
                    Remote.Add(party);
                }
            }
        }

        public double MaxReachKm { get; }

        public List<MatchParty> Remote { get; } = [];

        /// <summary>The listings in the box around a point; the constraints decide the exact distance.</summary>
        public IEnumerable<MatchParty> Near(double latitude, double longitude, double km)
        {
            var (minLat, minLon, maxLat, maxLon) = Box(latitude, longitude, km);
            var (fromLat, fromLon) = Cell(minLat, minLon);
            var (toLat, toLon) = Cell(maxLat, maxLon);
            for (var i = fromLat; i <= toLat; i++)
            {
                for (var j = fromLon; j <= toLon; j++)
                {
                    if (!cells.TryGetValue((i, j), out var cell))
                    {
                        continue;
                    }

                    foreach (var party in cell)
                    {
                        if (party.Latitude >= minLat && party.Latitude <= maxLat && party.Longitude >= minLon && party.Longitude <= maxLon)
                        {
                            yield return party;
                        }
                    }
                }
            }
        }

        private static (int, int) Cell(double latitude, double longitude) => ((int)Math.Floor(latitude / CellLat), (int)Math.Floor(longitude / CellLon));
    }
}
