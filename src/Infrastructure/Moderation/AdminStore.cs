using Dapper;
using Npgsql;
using ResourceShare.Domain.Listings;

namespace ResourceShare.Infrastructure.Moderation;

public sealed record AuditFilter(Guid? ActorId, Guid? TargetId, string? Action, DateTime? From, DateTime? To);

/// <summary>Keyset position in the audit log, newest first.</summary>
public sealed record AuditPosition(DateTime At, Guid Id);

public sealed record AuditRow(
    Guid Id, DateTime OccurredAt, Guid? ActorId, string ActorKind, string Action, string TargetType, Guid TargetId, string? Reason, string? TraceId);

public sealed record ListingCount(ListingCategory Category, ListingKind Kind, ListingStatus Status, int Count);

public sealed record CityCount(string City, int Count);

public sealed record MatchFigures(
    int Proposals, int Acceptances, int Completions, double? MedianSecondsToFirstAcceptedMatch, int OpenReports, double? MedianSecondsToDecision);

public sealed record Statistics(IReadOnlyList<ListingCount> Listings, MatchFigures Figures, IReadOnlyList<CityCount> ActiveAssociationsByCity);

/// <summary>What admins read: the audit log and the platform statistics, each straight from SQL.</summary>
public sealed class AdminStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<AuditRow>> AuditLogAsync(AuditFilter filter, AuditPosition? after, int limit, CancellationToken ct)
    {
        const string sql = """
            SELECT id, occurred_at, actor_id, actor_kind, action, target_type, target_id, reason, trace_id
              FROM audit_log
             WHERE (@ActorId::uuid IS NULL OR actor_id = @ActorId)
               AND (@TargetId::uuid IS NULL OR target_id = @TargetId)
               AND (@Action::text IS NULL OR action = @Action)
               AND (@From::timestamptz IS NULL OR occurred_at >= @From)
               AND (@To::timestamptz IS NULL OR occurred_at < @To)
               AND (@AfterAt::timestamptz IS NULL OR (occurred_at, id) < (@AfterAt, @AfterId))
             ORDER BY occurred_at DESC, id DESC
             LIMIT @Limit
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<AuditRow>(new CommandDefinition(
            sql,
            new { filter.ActorId, filter.TargetId, filter.Action, filter.From, filter.To, AfterAt = after?.At, AfterId = after?.Id, Limit = limit },
            cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>
    /// The figures for the half-open period [from, to): listings created in it by category, kind and current
    /// status; matches proposed in it, accepted in it (and not cancelled since), completed with their last
    /// window ending in it; the median time from publishing a request in the period to its first accepted
    /// match; associations that are not suspended and created a listing or took part in a match proposed in
    /// the period, by city; reports open now, and the median time to decision of reports decided in the period.
    /// Every figure reads an index on its time column, so the cost follows the period, not the table.
    /// </summary>
    public async Task<Statistics> StatisticsAsync(DateTime from, DateTime to, CancellationToken ct)
    {
        const string sql = """
            SELECT category, kind, status, count(*)::int AS count
              FROM listing
             WHERE created_at >= @From AND created_at < @To
             GROUP BY category, kind, status
             ORDER BY category, kind, status;
            SELECT (SELECT count(*) FROM match WHERE created_at >= @From AND created_at < @To)::int AS proposals,
                   (SELECT count(*) FROM match
                     WHERE decided_at >= @From AND decided_at < @To AND status IN ('accepted', 'completed'))::int AS acceptances,
                   (SELECT count(*) FROM match
                     WHERE status = 'completed' AND ends_at >= @From AND ends_at < @To)::int AS completions,
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.first_accepted - l.published_at))
                      FROM listing l
                      CROSS JOIN LATERAL (SELECT min(m.decided_at) AS first_accepted FROM match m
                                           WHERE m.request_id = l.id AND m.status IN ('accepted', 'completed')) f
                     WHERE l.kind = 'request' AND l.published_at >= @From AND l.published_at < @To
                       AND f.first_accepted IS NOT NULL) AS median_seconds_to_first_accepted_match,
                   (SELECT count(*) FROM report WHERE status = 'open')::int AS open_reports,
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at))
                      FROM report
                     WHERE status = 'decided' AND decided_at >= @From AND decided_at < @To) AS median_seconds_to_decision;
            SELECT a.city, count(*)::int AS count
              FROM association a
             WHERE a.verification_status <> 'suspended'
               AND (EXISTS (SELECT 1 FROM listing l WHERE l.association_id = a.id AND l.created_at >= @From AND l.created_at < @To)
                    OR EXISTS (SELECT 1 FROM match m WHERE m.requester_id = a.id AND m.created_at >= @From AND m.created_at < @To)
                    OR EXISTS (SELECT 1 FROM match m WHERE m.provider_id = a.id AND m.created_at >= @From AND m.created_at < @To))
             GROUP BY a.city
             ORDER BY count DESC, a.city;
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var reader = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { From = from, To = to }, cancellationToken: ct));
        var listings = (await reader.ReadAsync<ListingCount>()).AsList();
        var figures = await reader.ReadSingleAsync<MatchFigures>();
        var cities = (await reader.ReadAsync<CityCount>()).AsList();
        return new Statistics(listings, figures, cities);
    }
}
