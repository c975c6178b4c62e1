using System.Data.Common;
using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Listings;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Listings;

public enum ListingSort
{
    Newest,
    Relevance,
    Distance,
}

public sealed record GeoCircle(double Latitude, double Longitude, double RadiusKm)
{
    private const double KmPerDegreeLatitude = 111.045;

    /// <summary>
    /// The bounding box of the circle, as parameters MinLon, MinLat, MaxLon, MaxLat for
    /// <c>location &lt;@ box(point(@MinLon, @MinLat), point(@MaxLon, @MaxLat))</c>: the GiST index narrows by
    /// it, the exact distance decides.
    /// </summary>
    public object Box()
    {
        var dLat = RadiusKm / KmPerDegreeLatitude;
        var dLon = RadiusKm / (KmPerDegreeLatitude * Math.Max(0.01, Math.Cos(Latitude * Math.PI / 180)));
        return new { MinLat = Latitude - dLat, MaxLat = Latitude + dLat, MinLon = Longitude - dLon, MaxLon = Longitude + dLon };
    }
}

public sealed record ListingFilter(
    ListingKind? Kind, ListingCategory? Category, string? Text, GeoCircle? Near, DateTimeOffset? FreeFrom, DateTimeOffset? FreeTo,
    string[]? LanguageEdges, int? MinCapacity, bool FreeOnly, bool VerifiedOnly, Guid? AssociationId);

/// <summary>Keyset position: the last hit's sort key (published time, rank or distance) and id.</summary>
public sealed record SearchPosition(DateTime? PublishedAt, float? Rank, double? DistanceKm, Guid Id);

public sealed record SearchExtra(Guid HitId, double? DistanceKm, float? Rank);

public sealed record SearchHit(ListingRow Row, double? DistanceKm, float? Rank);

/// <summary>
/// A page of hits and the per-category counts for the same filter (category left out). <see cref="CountCap"/> is
/// set when more listings than it matched a filter beyond kind and category: counting stopped there, so each
/// count is a lower bound; null when the counts are exact.
/// </summary>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, IReadOnlyDictionary<ListingCategory, int> CategoryCounts, int? CountCap);

/// <summary>
/// The public listing search. The statement is assembled from constant fragments — one per filter that is
/// set — so each combination is its own prepared statement whose plan uses the index for that filter;
/// values only ever travel as parameters. One round trip returns the page and the per-category counts for
/// the same filter (the category filter itself left out, so the counts show where else to look).
/// <para>
/// Counts: for a filter of kind and category only (browsing), exact, from the counts the writes keep
/// (listing_facet_count); for one word besides (a text that is a single lexeme), exact as well, from the counts the
/// writes keep per word (listing_term_count). For any other filter, the first <paramref name="countCap"/> + 1 hits
/// are counted (from the filter's own index, or the newest ones where the filter has none); up to the cap they are
/// exact, beyond it lower bounds. Newest-first pages of such a filter come from those hits when they are all of them
/// (a sort of at most the cap), and otherwise from a walk of the newest-first index that reads index entries only
/// until it has its page.
/// </para>
/// </summary>
/// <param name="countCap">Beyond this many matching listings, the counts of a filter beyond kind and category are
/// lower bounds (setting Search:CountCap, 1,000).</param>
public sealed class ListingSearch(NpgsqlDataSource dataSource, int countCap)
{

    // A sub-select, so that a generic plan (Npgsql prepares, PostgreSQL may then stop re-planning) parses the
    // query text once per statement rather than once per ranked row.
    private const string TsQuery = "(SELECT websearch_to_tsquery('german_unaccent', @Text))";

    // Published listings that reports did not hide, of associations that are not suspended, still valid.
    private static readonly string[] Visible =
    [
        "l.status = 'published'",
        "l.hidden_at IS NULL",
        "l.valid_until > now()",
        "l.association_id NOT IN (SELECT id FROM association WHERE verification_status = 'suspended')",
    ];

    private static readonly string[] BothKinds = EnumText<ListingKind>.Of(Enum.GetValues<ListingKind>());

    /// <summary>The most hits one search returns: the largest page and one more, which tells that a next page exists.</summary>
    public const int MaxRows = 101;

    public async Task<SearchResult> SearchAsync(ListingFilter filter, ListingSort sort, SearchPosition? after, int limit, Caller caller, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxRows);
        // Each filter as the statement that finds hits writes it (through the filter's index), and as the
        // newest-first walk writes it: a text or place condition the walk checks on index entries, written so
        // that PostgreSQL cannot take the text or place index for it (the walk exists because that index
        // would yield too many hits to sort).
        var hits = new List<string>(Visible);
        var walk = new List<string>(Visible);
        var parameters = Access.Parameters(caller, Permission.ReadListings, new { Limit = limit, CountCap = countCap });
        parameters.Add("Kinds", filter.Kind is { } kinds ? [EnumText<ListingKind>.Of(kinds)] : BothKinds);
        var facetOnly = true;
        // A text with nothing beyond kind and category: when PostgreSQL makes it one word, its counts are kept.
        var word = filter is
        {
            Text: not null, Near: null, FreeFrom: null, LanguageEdges: null or [], MinCapacity: null, FreeOnly: false,
            VerifiedOnly: false, AssociationId: null,
        };
        // Without a filter that has an index of its own (text, place, time, language, association), the hits are
        // the newest ones, read from the newest-first index: their categories are a fair sample, where the order
        // of the category index would count one category only.
        var indexed = false;
        void Both(string condition)
        {
            hits.Add(condition);
            walk.Add(condition);
            facetOnly = false;
        }

        if (filter.Kind is { } kind)
        {
            hits.Add("l.kind = @Kind");
            walk.Add("l.kind = @Kind");
            parameters.Add("Kind", EnumText<ListingKind>.Of(kind));
        }

        if (filter.Text is { } text)
        {
            hits.Add($"l.search @@ {TsQuery}");
            walk.Add($"ts_match_vq(l.search, {TsQuery})");
            facetOnly = false;
            indexed = true;
            parameters.Add("Text", text);
        }

        if (filter.Near is { } near)
        {
            hits.Add("l.location <@ box(point(@MinLon, @MinLat), point(@MaxLon, @MaxLat))");
            hits.Add("distance_km(l.location, point(@Lon, @Lat)) <= @RadiusKm");
            walk.Add("distance_km(l.location, point(@Lon, @Lat)) <= @RadiusKm");
            facetOnly = false;
            indexed = true;
            parameters.AddDynamicParams(new { Lat = near.Latitude, Lon = near.Longitude, near.RadiusKm });
            parameters.AddDynamicParams(near.Box());
        }
        else
        {
            parameters.AddDynamicParams(new { Lat = (double?)null, Lon = (double?)null });
        }

        if (filter.FreeFrom is { } from && filter.FreeTo is { } to)
        {
            // Available for the whole range, and not taken by confirmed bookings: a unit resource not booked at
            // any instant of it, a quantity resource with at least one unit left.
            Both("EXISTS (SELECT 1 FROM listing_window w WHERE w.listing_id = l.id AND w.during @> tstzrange(@FreeFrom, @FreeTo, '[)'))");
            Both("offer_free_units(l.id, coalesce((l.details ->> 'quantity')::int, 1), tstzrange(@FreeFrom, @FreeTo, '[)')) >= 1");
            indexed = true;
            parameters.AddDynamicParams(new { FreeFrom = from.UtcDateTime, FreeTo = to.UtcDateTime });
        }

        if (filter.LanguageEdges is { Length: > 0 } edges)
        {
            Both("l.language_edges @> @LanguageEdges");
            indexed = true;
            parameters.Add("LanguageEdges", edges);
        }

        if (filter.MinCapacity is { } minCapacity)
        {
            Both("l.size >= @MinCapacity");
            parameters.Add("MinCapacity", minCapacity);
        }

        if (filter.FreeOnly)
        {
            Both("l.terms = 'free'");
        }

        if (filter.VerifiedOnly)
        {
            Both("l.association_id IN (SELECT id FROM association WHERE verification_status = 'verified')");
        }

        if (filter.AssociationId is { } associationId)
        {
            Both("l.association_id = @AssociationId");
            indexed = true;
            parameters.Add("AssociationId", associationId);
        }

        // The page alone narrows to the category and continues after the cursor.
        var page = new List<string>();
        if (filter.Category is { } category)
        {
            page.Add("l.category = @Category");
            parameters.Add("Category", EnumText<ListingCategory>.Of(category));
        }

        var (order, keyset) = sort switch
        {
            ListingSort.Relevance => ("rank DESC, l.id DESC", $"(ts_rank(l.search, {TsQuery})::real, l.id) < (@AfterRank, @AfterId)"),
            ListingSort.Distance => ("distance_km ASC, l.id ASC", "(distance_km(l.location, point(@Lon, @Lat)), l.id) > (@AfterDistance, @AfterId)"),
            ListingSort.Newest => ("l.published_at DESC, l.id DESC", "(l.published_at, l.id) < (@AfterPublishedAt, @AfterId)"),
        };
        if (after is not null)
        {
            page.Add(keyset);
            parameters.AddDynamicParams(new
            {
                AfterRank = after.Rank, AfterDistance = after.DistanceKm, AfterPublishedAt = after.PublishedAt, AfterId = after.Id,
            });
        }

        var rank = filter.Text is null ? "NULL::real" : $"ts_rank(l.search, {TsQuery})::real";
        var distance = filter.Near is null ? "NULL::double precision" : "distance_km(l.location, point(@Lon, @Lat))";
        var select = $"{ListingStore.Columns}, l.id AS hit_id, {distance} AS distance_km, {rank} AS rank";

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (facetOnly || sort != ListingSort.Newest)
        {
            var counts = facetOnly ? FacetCountsSql : CappedCountsSql(hits, indexed, word);
            // Browsing pages bound the walk by a constant as well as by @Limit: PostgreSQL plans a parameter limit
            // as a tenth of all rows, so the statement's generic plan would look dearer than each custom plan and
            // be planned anew on every execution, which costs as much as running it.
            var sql = facetOnly
                ? $"""
                    SELECT * FROM (
                        SELECT {select}
                          FROM listing l {ListingStore.CallerJoin}
                         WHERE {And(hits.Concat(page))}
                         ORDER BY {order}
                         LIMIT {MaxRows}) l
                     ORDER BY {order}
                     LIMIT @Limit;
                    {counts}
                    """
                : $"""
                    SELECT {select}
                      FROM listing l {ListingStore.CallerJoin}
                     WHERE {And(hits.Concat(page))}
                     ORDER BY {order}
                     LIMIT @Limit;
                    {counts}
                    """;
            await using var reader = await conn.ExecuteReaderAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
            var found = await ReadHitsAsync(reader, null, ct);
            await reader.NextResultAsync(ct);
            var tallies = new List<(string Category, int Count)>();
            var capped = false;
            while (await reader.ReadAsync(ct))
            {
                tallies.Add((reader.GetString(0), reader.GetInt32(1)));
                capped |= reader.GetBoolean(2);
            }

            return Capped(found, tallies, capped);
        }

        // Newest first beyond kind and category: one statement counts the first CountCap + 1 hits and takes the
        // page from them when they are all, or else from the newest-first walk, which then runs alone. A word's
        // counts are kept, so its hits are read only for a page from them, and only when it is not common.
        var counted = word ? hits.Append(WordHitsWanted) : hits;
        var combined = $"""
            WITH {(word ? WordCountsSql : "")}hits AS MATERIALIZED (
                SELECT l.id, l.category, l.published_at
                  FROM listing l
                 WHERE {And(counted)}{(indexed ? "" : "\n                 ORDER BY l.published_at DESC, l.id DESC")}
                 LIMIT @CountCap + 1),
            all_hits AS (SELECT count(*) <= @CountCap{(word ? " AND " + WordHitsWanted : "")} AS yes FROM hits),
            counts AS (
                SELECT {(word ? "(SELECT known FROM word_total) OR " : "")}(SELECT count(*) <= @CountCap FROM hits) AS complete,
                       array_agg(category) AS categories, array_agg(n) AS counts
                  FROM ({(word ? "SELECT category, n FROM word_counts UNION ALL " : "")}SELECT category, count(*)::int AS n
                          FROM (SELECT category FROM hits{(word ? " WHERE NOT (SELECT known FROM word_total)" : "")} LIMIT @CountCap) h
                         GROUP BY category) c),
            page AS (
                (SELECT l.id, l.published_at FROM hits l
                  WHERE (SELECT yes FROM all_hits){string.Concat(page.Select(p => "\n                    AND " + p))}
                  ORDER BY l.published_at DESC, l.id DESC
                  LIMIT @Limit)
                UNION ALL
                (SELECT l.id, l.published_at FROM listing l
                  WHERE NOT (SELECT yes FROM all_hits)
                    AND {And(walk.Concat(page))}
                  ORDER BY l.published_at DESC, l.id DESC
                  LIMIT @Limit))
            SELECT c.complete, c.categories, c.counts, {select}
              FROM counts c
              LEFT JOIN (page pg JOIN listing l ON l.id = pg.id {ListingStore.CallerJoin}) ON true
             ORDER BY pg.published_at DESC, pg.id DESC
            """;
        await using var combinedReader = await conn.ExecuteReaderAsync(new CommandDefinition(combined, parameters, cancellationToken: ct));
        CategoryTally? tally = null;
        var tallyOf = combinedReader.GetRowParser<CategoryTally>(startIndex: 0, length: 3);
        var result = await ReadHitsAsync(combinedReader, r => tally ??= tallyOf(r), ct);
        return Capped(result, (tally?.Categories ?? []).Zip(tally?.Counts ?? [], (c, n) => (c, n)).ToList(), tally is { Complete: false });
    }

    /// <summary>
    /// The hits of the current result: the listing's columns from <c>id</c> up to <c>hit_id</c>, then hit_id (NULL when
    /// the row carries no hit), distance_km and rank. Row by row with ReadAsync: Dapper's multi-mapping reads rows
    /// synchronously, which blocks a thread on the socket while a page larger than the read buffer arrives.
    /// </summary>
    private static async Task<List<SearchHit>> ReadHitsAsync(DbDataReader reader, Action<DbDataReader>? eachRow, CancellationToken ct)
    {
        var first = reader.GetOrdinal("id");
        var split = reader.GetOrdinal("hit_id");
        var listingOf = reader.GetRowParser<ListingRow>(startIndex: first, length: split - first);
        var extraOf = reader.GetRowParser<SearchExtra>(startIndex: split);
        var hits = new List<SearchHit>();
        while (await reader.ReadAsync(ct))
        {
            eachRow?.Invoke(reader);
            if (!reader.IsDBNull(split))
            {
                var extra = extraOf(reader);
                hits.Add(new SearchHit(listingOf(reader), extra.DistanceKm, extra.Rank));
            }
        }

        return hits;
    }

    /// <summary>Counts of the first countCap hits: exact when there were no more, otherwise lower bounds.</summary>
    private SearchResult Capped(IReadOnlyList<SearchHit> hits, IReadOnlyList<(string Category, int Count)> counts, bool capped) => new(
        hits, counts.ToDictionary(c => EnumText<ListingCategory>.Parse(c.Category), c => c.Count), capped ? countCap : null);

    // Kept counts per category for the kinds asked for, less the published listings whose validUntil passed
    // before the expiry job marked them (listing_expiry_idx) and those of suspended associations.
    private const string FacetCountsSql = """
        SELECT category, sum(n)::int AS count, false AS capped
          FROM (SELECT category, n FROM listing_facet_count WHERE kind = ANY(@Kinds)
                UNION ALL
                SELECT l.category, -1 FROM listing l
                 WHERE l.status = 'published' AND l.hidden_at IS NULL AND l.kind = ANY(@Kinds) AND l.valid_until <= now()
                UNION ALL
                SELECT l.category, -1 FROM listing l
                 WHERE l.status = 'published' AND l.hidden_at IS NULL AND l.kind = ANY(@Kinds) AND l.valid_until > now()
                   AND l.association_id = ANY(ARRAY(SELECT id FROM association WHERE verification_status = 'suspended'))) c
         GROUP BY category;
        """;

    // The kept counts of a text that is one word (a single lexeme), per category for the kinds asked for, less its
    // published listings whose validUntil passed before the expiry job marked them and those of suspended
    // associations; empty, and word_total.known false, for any other text. A word is common when reading all its
    // listings (a row each) would cost more than walking newest first until a page is full (an index entry each,
    // about a fifteenth of a row): when its listings, squared, are more than all published ones.
    private const string WordCountsSql = $"""
        word AS (
            SELECT CASE WHEN numnode(q) = 1 THEN replace(substr(querytree(q), 2, length(querytree(q)) - 2), '''''', '''') END AS term
              FROM (SELECT {TsQuery} AS q) q),
        word_counts AS (
            SELECT category, sum(n)::int AS n
              FROM (SELECT category, n FROM listing_term_count WHERE term = (SELECT term FROM word) AND kind = ANY(@Kinds)
                    UNION ALL
                    SELECT l.category, -1 FROM listing l
                     WHERE (SELECT term FROM word) IS NOT NULL
                       AND l.status = 'published' AND l.hidden_at IS NULL AND l.kind = ANY(@Kinds) AND l.valid_until <= now()
                       AND ts_match_vq(l.search, {TsQuery})
                    UNION ALL
                    SELECT l.category, -1 FROM listing l
                     WHERE (SELECT term FROM word) IS NOT NULL
                       AND l.status = 'published' AND l.hidden_at IS NULL AND l.kind = ANY(@Kinds) AND l.valid_until > now()
                       AND l.association_id = ANY(ARRAY(SELECT id FROM association WHERE verification_status = 'suspended'))
                       AND ts_match_vq(l.search, {TsQuery})) c
             GROUP BY category
            HAVING sum(n) > 0),
        word_total AS (
            SELECT (SELECT term FROM word) IS NOT NULL AS known,
                   (SELECT term FROM word) IS NOT NULL
                       AND coalesce(sum(n) * sum(n), 0) > (SELECT sum(n) FROM listing_facet_count) AS common
              FROM word_counts),

        """;

    // A word's hits are read when its counts are not kept (not one lexeme), or for a page when it is not common.
    private const string WordHitsWanted = "NOT (SELECT common FROM word_total)";

    private static string CappedCountsSql(IEnumerable<string> hits, bool indexed, bool word) => $"""
        WITH {(word ? WordCountsSql : "")}hits AS MATERIALIZED (
            SELECT l.category FROM listing l
             WHERE {And(word ? hits.Append("NOT (SELECT known FROM word_total)") : hits)}{(indexed ? "" : "\n             ORDER BY l.published_at DESC, l.id DESC")}
             LIMIT @CountCap + 1)
        {(word ? "SELECT category, n AS count, false AS capped FROM word_counts UNION ALL\n        " : "")}SELECT category, count(*)::int AS count, (SELECT count(*) FROM hits) > @CountCap AS capped
          FROM (SELECT category FROM hits LIMIT @CountCap) c
         GROUP BY category;
        """;

    private static string And(IEnumerable<string> conditions) => string.Join("\n   AND ", conditions);

    // A class rather than a positional record: Dapper's constructor matching does not take the array columns.
    private sealed class CategoryTally
    {
        public bool Complete { get; init; }

        public string[]? Categories { get; init; }

        public int[]? Counts { get; init; }
    }
}
