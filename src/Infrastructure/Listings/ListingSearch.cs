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

public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, IReadOnlyDictionary<ListingCategory, int> CategoryCounts);

/// <summary>
/// The public listing search. The statement is assembled from constant fragments — one per filter that is
/// set — so each combination is its own prepared statement whose plan uses the index for that filter;
/// values only ever travel as parameters. One round trip returns the page and the per-category counts for
/// the same filter (the category filter itself left out, so the counts show where else to look).
/// </summary>
public sealed class ListingSearch(NpgsqlDataSource dataSource)
{
    // A sub-select, so that a generic plan (Npgsql prepares, PostgreSQL may then stop re-planning) parses the
    // query text once per statement rather than once per ranked row.
    private const string TsQuery = "(SELECT websearch_to_tsquery('german_unaccent', @Text))";

    public async Task<SearchResult> SearchAsync(ListingFilter f, ListingSort sort, SearchPosition? after, int limit, Caller caller, CancellationToken ct)
    {
        var where = new List<string>
        {
            "l.status = 'published'",
            "a.verification_status <> 'suspended'",
            "l.hidden_at IS NULL",
            "l.valid_until > now()",
        };
        var parameters = Access.Parameters(caller, Permission.ReadListings, new { Limit = limit });

        if (f.Kind is { } kind)
        {
            where.Add("l.kind = @Kind");
            parameters.Add("Kind", EnumText<ListingKind>.Of(kind));
        }

        if (f.Text is { } text)
        {
            where.Add($"l.search @@ {TsQuery}");
            parameters.Add("Text", text);
        }

        if (f.Near is { } near)
        {
            where.Add("l.location <@ box(point(@MinLon, @MinLat), point(@MaxLon, @MaxLat))");
            where.Add("distance_km(l.location, point(@Lon, @Lat)) <= @RadiusKm");
            parameters.AddDynamicParams(new { Lat = near.Latitude, Lon = near.Longitude, near.RadiusKm });
            parameters.AddDynamicParams(near.Box());
        }
        else
        {
            parameters.AddDynamicParams(new { Lat = (double?)null, Lon = (double?)null });
        }

        if (f.FreeFrom is { } from && f.FreeTo is { } to)
        {
            // Available for the whole range, and not taken by confirmed bookings: a unit resource not booked at
            // any instant of it, a quantity resource with at least one unit left.
            where.Add("EXISTS (SELECT 1 FROM listing_window w WHERE w.listing_id = l.id AND w.during @> tstzrange(@FreeFrom, @FreeTo, '[)'))");
            where.Add("offer_free_units(l.id, coalesce((l.details ->> 'quantity')::int, 1), tstzrange(@FreeFrom, @FreeTo, '[)')) >= 1");
            parameters.AddDynamicParams(new { FreeFrom = from.UtcDateTime, FreeTo = to.UtcDateTime });
        }

        if (f.LanguageEdges is { Length: > 0 } edges)
        {
            where.Add("l.language_edges @> @LanguageEdges");
            parameters.Add("LanguageEdges", edges);
        }

        if (f.MinCapacity is { } minCapacity)
        {
            where.Add("l.size >= @MinCapacity");
            parameters.Add("MinCapacity", minCapacity);
        }

        if (f.FreeOnly)
        {
            where.Add("l.terms = 'free'");
        }

        if (f.VerifiedOnly)
        {
            where.Add("a.verification_status = 'verified'");
        }

        if (f.AssociationId is { } associationId)
        {
            where.Add("l.association_id = @AssociationId");
            parameters.Add("AssociationId", associationId);
        }

        var counted = string.Join("\n   AND ", where);
        if (f.Category is { } category)
        {
            where.Add("l.category = @Category");
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
            where.Add(keyset);
            parameters.AddDynamicParams(new
            {
                AfterRank = after.Rank, AfterDistance = after.DistanceKm, AfterPublishedAt = after.PublishedAt, AfterId = after.Id,
            });
        }

        var rank = f.Text is null ? "NULL::real" : $"ts_rank(l.search, {TsQuery})::real";
        var distance = f.Near is null ? "NULL::double precision" : "distance_km(l.location, point(@Lon, @Lat))";
        var sql = $"""
            SELECT {ListingStore.Columns}, l.id AS hit_id, {distance} AS distance_km, {rank} AS rank
              FROM listing l {ListingStore.CallerJoin}
             WHERE {string.Join("\n   AND ", where)}
             ORDER BY {order}
             LIMIT @Limit;
            SELECT l.category, count(*)::int AS count
              FROM listing l JOIN association a ON a.id = l.association_id
             WHERE {counted}
             GROUP BY l.category;
            """;

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var reader = await conn.QueryMultipleAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
        // The split starts at hit_id, never NULL: Dapper maps a split part whose first column is NULL to null.
        var hits = reader.Read<ListingRow, SearchExtra, SearchHit>((row, extra) => new SearchHit(row, extra.DistanceKm, extra.Rank), splitOn: "hit_id").AsList();
        var counts = (await reader.ReadAsync<(string Category, int Count)>())
            .ToDictionary(c => EnumText<ListingCategory>.Parse(c.Category), c => c.Count);
        return new SearchResult(hits, counts);
    }
}
