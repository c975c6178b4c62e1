using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Npgsql;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matching;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Listings;

namespace ResourceShare.Infrastructure.Matching;

/// <summary>The listing matches are sought for, as the candidate search needs it.</summary>
public sealed record MatchSource(
    Guid Id, Guid AssociationId, string AssociationName, ListingKind Kind, ListingCategory Category, string Title, ListingStatus Status, DateTime ValidUntil,
    bool RemoteOk, double Latitude, double Longitude, double ReachKm, double CounterpartReachKm, DateTime Now);

/// <summary>
/// A candidate listing: a match when <see cref="Shortfall"/> is null, otherwise a near miss failing exactly that
/// one constraint. <see cref="Served"/> are the request's windows the offer serves, of <see cref="WindowsTotal"/>.
/// </summary>
public sealed record MatchCandidate(
    Guid ListingId, string Title, Guid AssociationId, string AssociationName, double? DistanceKm, IReadOnlyList<TimeWindow> Served,
    int WindowsTotal, MatchScore Score, Shortfall? Shortfall);

/// <summary>
/// Finds the counterparts of a listing. The hard constraints run in SQL: one statement returns the candidates
/// that fail at most one of the time, place and fit checks (category, kind, status, validity and associations
/// are never relaxed), each with the name of the check it fails and what the score needs; C# scores them.
/// </summary>
public static partial class MatchFinder
{
    /// <summary>At most this many candidates leave the database, matches first, then near misses, nearest first.</summary>
    public const int CandidateCap = 300;

    /// <summary>Near misses are sought within twice the reach plus this many km.</summary>
    public const double NearMissMarginKm = 25;

    private const string SourceSql = """
        SELECT l.id, l.association_id, a.name AS association_name, l.kind, l.category, l.title,
               CASE WHEN l.status = 'published' AND l.valid_until <= now() THEN 'expired' ELSE l.status END AS status,
               l.valid_until, l.remote_ok, l.latitude, l.longitude,
               greatest(coalesce(l.service_radius_km, 0), coalesce(l.max_distance_km, 0))::float8 AS reach_km,
               coalesce((SELECT greatest(coalesce(c.service_radius_km, 0), coalesce(c.max_distance_km, 0))
                           FROM listing c
                          WHERE c.status = 'published' AND c.category = l.category
                            AND c.kind = CASE l.kind WHEN 'offer' THEN 'request' ELSE 'offer' END
                          ORDER BY greatest(coalesce(c.service_radius_km, 0), coalesce(c.max_distance_km, 0)) DESC
                          LIMIT 1), 0)::float8 AS counterpart_reach_km,
               now() AS now
          FROM listing l JOIN association a ON a.id = l.association_id
         WHERE l.id = @Id
        """;

    // {r} is the request, {o} the offer: the source listing s or the candidate c. {remote} widens the bounding
    // box by the counterparts that accept remote work when the source does.
    private const string CandidatesTemplate = """
        SELECT m.*, tr.completed_bookings, fb.average_rating, fb.rating_count
          FROM (
            SELECT q.listing_id, q.title, q.association_id, q.association_name, q.verified, q.published_at, q.distance_km, q.reach_km,
                   q.both_remote, t.total AS windows_total, t.served_starts, t.served_ends,
                   lower(g.wanted) AS wanted_start, upper(g.wanted) AS wanted_end, lower(g.free) AS free_start, upper(g.free) AS free_end,
                   q.request_recurring, q.offer_terms, q.exchange_for, q.budget_eur, q.offered_size, q.needed_size, q.offered_area,
                   q.needed_area, q.missing_features, q.missing_pairs, q.missing_modes, q.wanted_delivery, q.offered_tag, q.wanted_tag,
                   q.offered_cargo, q.needed_cargo, q.missing_topics, q.cost_eur, x.failed
              FROM (
                -- Place and fit first: they are cheap, and a candidate failing two of them is out before its
                -- windows are read. OFFSET 0 keeps each sub-select from being inlined into every reference.
                SELECT c.id AS listing_id, c.title, c.association_id, ca.name AS association_name,
                       ca.verification_status = 'verified' AS verified, c.published_at,
                       d.km::float8 AS distance_km, d.reach::float8 AS reach_km, d.remote AS both_remote,
                       {r}.id AS request_id, {o}.id AS offer_id, {r}.recurring AS request_recurring,
                       coalesce(({o}.details ->> 'quantity')::int, 1) AS units, coalesce(({r}.details ->> 'quantity')::int, 1) AS needed,
                       {o}.terms AS offer_terms, {o}.exchange_for, {r}.max_budget_eur AS budget_eur,
                       {o}.size AS offered_size, {r}.size AS needed_size, f.offered_area, f.needed_area, f.missing_features,
                       f.missing_pairs::text AS missing_pairs, f.missing_modes, f.wanted_delivery, f.offered_tag, f.wanted_tag,
                       f.offered_cargo, f.needed_cargo, f.missing_topics, f.cost AS cost_eur, k.checks
                  FROM listing s
                  JOIN listing c ON c.status = 'published' AND c.category = @Category AND c.kind = @Kind AND c.valid_until > now()
                                AND c.hidden_at IS NULL
                                AND c.association_id <> s.association_id
                  JOIN association ca ON ca.id = c.association_id AND ca.verification_status <> 'suspended'
                 CROSS JOIN LATERAL (
                    SELECT round(distance_km(s.location, c.location)::numeric, 3) AS km,
                           greatest(coalesce({r}.max_distance_km, 0), coalesce({o}.service_radius_km, 0)) AS reach,
                           s.remote_ok AND c.remote_ok AS remote
                    OFFSET 0) d
                 CROSS JOIN LATERAL (
                    SELECT ({o}.details ->> 'areaM2')::numeric AS offered_area, ({r}.details ->> 'areaM2')::numeric AS needed_area,
                           ARRAY(SELECT n FROM jsonb_array_elements_text(coalesce({r}.details -> 'features', '[]')) n
                                  WHERE NOT coalesce({o}.details -> 'features', '[]') ? n ORDER BY n) AS missing_features,
                           -- LanguagePair.Serves: a two-way offer serves both directions, a one-way offer only a
                           -- one-way need in its own direction.
                           (SELECT jsonb_agg(np) FROM jsonb_array_elements(coalesce({r}.details -> 'languagePairs', '[]')) np
                             WHERE NOT EXISTS (
                                   SELECT 1 FROM jsonb_array_elements(coalesce({o}.details -> 'languagePairs', '[]')) op
                                    WHERE (coalesce((np ->> 'oneWay')::boolean, false) OR NOT coalesce((op ->> 'oneWay')::boolean, false))
                                      AND ((op ->> 'from' = np ->> 'from' AND op ->> 'to' = np ->> 'to')
                                           OR (NOT coalesce((op ->> 'oneWay')::boolean, false)
                                               AND op ->> 'from' = np ->> 'to' AND op ->> 'to' = np ->> 'from')))) AS missing_pairs,
                           ARRAY(SELECT n FROM jsonb_array_elements_text(coalesce({r}.details -> 'modes', '[]')) n
                                  WHERE NOT coalesce({o}.details -> 'modes', '[]') ? n ORDER BY n) AS missing_modes,
                           ARRAY(SELECT n FROM jsonb_array_elements_text(coalesce({r}.details -> 'delivery', '[]')) n) AS wanted_delivery,
                           jsonb_array_length(coalesce({o}.details -> 'delivery', '[]')) = 0
                               OR jsonb_array_length(coalesce({r}.details -> 'delivery', '[]')) = 0
                               OR EXISTS (SELECT 1 FROM jsonb_array_elements_text({r}.details -> 'delivery') n
                                           WHERE {o}.details -> 'delivery' ? n) AS delivery_ok,
                           {o}.details ->> 'itemTag' AS offered_tag, {r}.details ->> 'itemTag' AS wanted_tag,
                           coalesce(({o}.details ->> 'cargoVolumeM3')::numeric, 0) AS offered_cargo,
                           ({r}.details ->> 'cargoVolumeM3')::numeric AS needed_cargo,
                           NOT coalesce(({r}.details ->> 'driverIncluded')::boolean, false)
                               OR coalesce(({o}.details ->> 'driverIncluded')::boolean, false) AS driver_ok,
                           ARRAY(SELECT n FROM jsonb_array_elements_text(coalesce({r}.details -> 'topics', '[]')) n
                                  WHERE NOT coalesce({o}.details -> 'topics', '[]') ? n ORDER BY n) AS missing_topics,
                           CASE WHEN {o}.terms = 'cost_sharing' THEN coalesce({o}.cost_eur, 0) ELSE 0 END AS cost
                    OFFSET 0) f
                 -- The place and fit checks that fail, by name.
                 CROSS JOIN LATERAL (
                    SELECT array_remove(ARRAY[
                        CASE WHEN NOT d.remote AND d.km > d.reach THEN 'distance' END,
                        CASE WHEN {r}.size IS NOT NULL AND coalesce({o}.size, 0) < {r}.size THEN 'size' END,
                        CASE WHEN f.needed_area IS NOT NULL AND coalesce(f.offered_area, 0) < f.needed_area THEN 'area' END,
                        CASE WHEN cardinality(f.missing_features) > 0 THEN 'features' END,
                        CASE WHEN f.missing_pairs IS NOT NULL THEN 'languages' END,
                        CASE WHEN cardinality(f.missing_modes) > 0 THEN 'modes' END,
                        CASE WHEN NOT f.delivery_ok THEN 'delivery' END,
                        CASE WHEN f.wanted_tag IS NOT NULL AND f.offered_tag IS DISTINCT FROM f.wanted_tag THEN 'item_tag' END,
                        CASE WHEN f.needed_cargo IS NOT NULL AND f.offered_cargo < f.needed_cargo THEN 'cargo' END,
                        CASE WHEN NOT f.driver_ok THEN 'driver' END,
                        CASE WHEN cardinality(f.missing_topics) > 0 THEN 'topics' END,
                        CASE WHEN f.cost > 0 AND f.cost > coalesce({r}.max_budget_eur, 0) THEN 'budget' END], NULL) AS checks
                    OFFSET 0) k
                 WHERE s.id = @Id
                   AND (c.location <@ box(point(@MinLon, @MinLat), point(@MaxLon, @MaxLat)){remote})
                   AND (d.remote OR d.km <= 2 * d.reach + @MarginKm)
                   AND cardinality(k.checks) <= @MaxFailures
                OFFSET 0) q
             -- The request's future windows: each covered by one availability window of the offer, and free of
             -- its confirmed bookings for the units needed (1 for a unit resource). Needing more units than the
             -- offer has at all is the quantity check's failure, not the bookings'.
             CROSS JOIN LATERAL (
                SELECT count(*)::int AS total,
                       count(*) FILTER (WHERE cv.covered)::int AS covered,
                       array_agg(lower(rw.during) ORDER BY rw.slot) FILTER (WHERE fr.free) AS served_starts,
                       array_agg(upper(rw.during) ORDER BY rw.slot) FILTER (WHERE fr.free) AS served_ends
                  FROM listing_window rw
                 CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM listing_window ow
                                                     WHERE ow.listing_id = q.offer_id AND ow.during @> rw.during) AS covered
                                     OFFSET 0) cv
                 CROSS JOIN LATERAL (SELECT cv.covered AND offer_free_units(q.offer_id, q.units, rw.during) >= least(q.units, q.needed) AS free
                                     OFFSET 0) fr
                 WHERE rw.listing_id = q.request_id AND upper(rw.during) > now()) t
             -- No window covered: the availability that overlaps a wanted window most, for "free from 19:00
             -- instead of 18:00". Without any overlap the time is too far off for a near miss.
              LEFT JOIN LATERAL (
                SELECT rw.during AS wanted, ow.during AS free
                  FROM listing_window rw
                  JOIN listing_window ow ON ow.listing_id = q.offer_id AND ow.during && rw.during
                 WHERE t.covered = 0 AND rw.listing_id = q.request_id AND upper(rw.during) > now()
                 ORDER BY upper(rw.during * ow.during) - lower(rw.during * ow.during) DESC, rw.slot
                 LIMIT 1) g ON true
             -- All failing checks; a time failure without any overlapping window counts twice, so that it is
             -- never a near miss. `failed` names the only failing check of a near miss.
             CROSS JOIN LATERAL (
                SELECT q.checks || array_remove(ARRAY[
                    CASE WHEN t.covered = 0 THEN 'time' END,
                    CASE WHEN t.covered = 0 AND g.wanted IS NULL THEN 'time' END,
                    CASE WHEN t.covered > 0 AND t.served_starts IS NULL THEN 'booking' END], NULL) AS checks
                OFFSET 0) y
             CROSS JOIN LATERAL (SELECT y.checks[1] AS failed, cardinality(y.checks) AS failures) x
             WHERE x.failures <= @MaxFailures
             ORDER BY x.failures, q.distance_km, q.listing_id
             LIMIT @Cap) m
         -- Trust: completed matches on either side, and the feedback received.
         CROSS JOIN LATERAL (SELECT count(*)::int AS completed_bookings FROM match
                              WHERE status = 'completed' AND (provider_id = m.association_id OR requester_id = m.association_id)) tr
         CROSS JOIN LATERAL (SELECT avg(rating)::float8 AS average_rating, count(*)::int AS rating_count FROM feedback
                              WHERE to_association_id = m.association_id) fb
        """;

    private static readonly Dictionary<(ListingKind, bool), string> CandidatesSql = new()
    {
        [(ListingKind.Request, false)] = Candidates("s", "c", ""),
        [(ListingKind.Request, true)] = Candidates("s", "c", " OR c.remote_ok"),
        [(ListingKind.Offer, false)] = Candidates("c", "s", ""),
        [(ListingKind.Offer, true)] = Candidates("c", "s", " OR c.remote_ok"),
    };

    public static Task<MatchSource?> SourceAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<MatchSource>(new CommandDefinition(SourceSql, new { Id = id }, tx, cancellationToken: ct));

    /// <summary>
    /// The candidates for a published source: matches (and, with <paramref name="nearMisses"/>, the candidates
    /// failing exactly one check), scored, best first. Turns JIT compilation off for the rest of
    /// <paramref name="tx"/>.
    /// </summary>
    public static async Task<IReadOnlyList<MatchCandidate>> FindAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, MatchSource source, bool nearMisses, CancellationToken ct)
    {
        // The planner guesses 100 elements for every JSON array the fit checks unnest, so a remote source with a
        // few thousand candidates crosses jit_above_cost: compiling took 2 s for a statement that runs in 150 ms
        // (EXPLAIN ANALYZE on 100,000 listings).
        await conn.ExecuteAsync(new CommandDefinition("SET LOCAL jit = off", transaction: tx, cancellationToken: ct));
        var margin = nearMisses ? NearMissMarginKm : 0;
        var reach = Math.Max(source.ReachKm, source.CounterpartReachKm);
        var box = new GeoCircle(source.Latitude, source.Longitude, (nearMisses ? 2 * reach : reach) + margin + 1);
        var parameters = new DynamicParameters(box.Box());
        parameters.AddDynamicParams(new
        {
            source.Id,
            Category = EnumText<ListingCategory>.Of(source.Category),
            Kind = EnumText<ListingKind>.Of(source.Kind == ListingKind.Offer ? ListingKind.Request : ListingKind.Offer),
            MarginKm = margin,
            MaxFailures = nearMisses ? 1 : 0,
            Cap = CandidateCap,
        });
        var rows = await conn.QueryAsync<CandidateRow>(new CommandDefinition(
            CandidatesSql[(source.Kind, source.RemoteOk)], parameters, tx, cancellationToken: ct));
        return rows.Select(r => Candidate(source, r)).OrderByDescending(c => c.Score.Score).ThenBy(c => c.DistanceKm).ThenBy(c => c.ListingId).ToList();
    }

    private static string Candidates(string request, string offer, string remote) =>
        CandidatesTemplate.Replace("{r}", request, StringComparison.Ordinal).Replace("{o}", offer, StringComparison.Ordinal)
            .Replace("{remote}", remote, StringComparison.Ordinal);

    private static MatchCandidate Candidate(MatchSource source, CandidateRow r)
    {
        var served = (r.ServedStarts ?? []).Zip(r.ServedEnds ?? [], (start, end) => new TimeWindow(Utc(start), Utc(end))).ToList();
        var facts = new MatchFacts(
            source.Category, r.DistanceKm, r.ReachKm, r.BothRemote, served.Count, r.WindowsTotal, r.RequestRecurring,
            r.OfferTerms, r.CostEur, r.ExchangeFor, r.BudgetEur,
            new TrustFacts(r.Verified, r.CompletedBookings, r.AverageRating, r.RatingCount),
            r.OfferedSize, r.NeededSize, Utc(r.PublishedAt), Utc(source.Now));
        return new MatchCandidate(
            r.ListingId, r.Title, r.AssociationId, r.AssociationName, r.BothRemote ? null : r.DistanceKm, served, r.WindowsTotal,
            MatchScorer.Score(facts), r.Failed is { } failed ? Shortfall(source.Category, failed, r) : null);
    }

    private static Shortfall Shortfall(ListingCategory category, string failed, CandidateRow r) => failed switch
    {
        "time" => new Shortfall.Time(new TimeWindow(Utc(r.WantedStart!.Value), Utc(r.WantedEnd!.Value)), new TimeWindow(Utc(r.FreeStart!.Value), Utc(r.FreeEnd!.Value))),
        "booking" => new Shortfall.Booked(),
        "distance" => new Shortfall.Distance(r.DistanceKm - r.ReachKm),
        "size" => new Shortfall.Size(category, r.OfferedSize ?? 0, r.NeededSize ?? 0),
        "area" => new Shortfall.Area(r.OfferedArea ?? 0, r.NeededArea ?? 0),
        "features" => new Shortfall.Features(r.MissingFeatures),
        "languages" => new Shortfall.Languages(JsonSerializer.Deserialize(r.MissingPairs!, MatchingJson.Default.LanguagePairArray)!),
        "modes" => new Shortfall.Modes(r.MissingModes),
        "delivery" => new Shortfall.Delivery(r.WantedDelivery),
        "item_tag" => new Shortfall.ItemTag(r.OfferedTag, r.WantedTag!),
        "cargo" => new Shortfall.Cargo(r.OfferedCargo, r.NeededCargo ?? 0),
        "driver" => new Shortfall.Driver(),
        "topics" => new Shortfall.Topics(r.MissingTopics),
        "budget" => new Shortfall.Budget(r.CostEur, r.BudgetEur ?? 0),
        _ => throw new InvalidOperationException($"Unknown matching check '{failed}'."),
    };

    private static DateTimeOffset Utc(DateTime instant) => new(DateTime.SpecifyKind(instant, DateTimeKind.Utc));

    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(LanguagePair[]))]
    private sealed partial class MatchingJson : JsonSerializerContext;

    private sealed class CandidateRow
    {
        public Guid ListingId { get; init; }
        public string Title { get; init; } = "";
        public Guid AssociationId { get; init; }
        public string AssociationName { get; init; } = "";
        public bool Verified { get; init; }
        public DateTime PublishedAt { get; init; }
        public bool RequestRecurring { get; init; }
        public double DistanceKm { get; init; }
        public double ReachKm { get; init; }
        public bool BothRemote { get; init; }
        public int WindowsTotal { get; init; }
        public DateTime[]? ServedStarts { get; init; }
        public DateTime[]? ServedEnds { get; init; }
        public DateTime? WantedStart { get; init; }
        public DateTime? WantedEnd { get; init; }
        public DateTime? FreeStart { get; init; }
        public DateTime? FreeEnd { get; init; }
        public TermsKind OfferTerms { get; init; }
        public string? ExchangeFor { get; init; }
        public decimal? BudgetEur { get; init; }
        public int? OfferedSize { get; init; }
        public int? NeededSize { get; init; }
        public decimal? OfferedArea { get; init; }
        public decimal? NeededArea { get; init; }
        public string[] MissingFeatures { get; init; } = [];
        public string? MissingPairs { get; init; }
        public string[] MissingModes { get; init; } = [];
        public string[] WantedDelivery { get; init; } = [];
        public string? OfferedTag { get; init; }
        public string? WantedTag { get; init; }
        public decimal OfferedCargo { get; init; }
        public decimal? NeededCargo { get; init; }
        public string[] MissingTopics { get; init; } = [];
        public decimal CostEur { get; init; }
        public string? Failed { get; init; }
        public int CompletedBookings { get; init; }
        public double? AverageRating { get; init; }
        public int RatingCount { get; init; }
    }
}
