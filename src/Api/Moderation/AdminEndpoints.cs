using Microsoft.AspNetCore.Http.HttpResults;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Api.OpenApi;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Moderation;

namespace ResourceShare.Api.Moderation;

/// <summary>What only admins read: the audit log and the platform statistics.</summary>
public static class AdminEndpoints
{
    private static readonly UserText EmptyPeriod = new(
        $"The period must end after it starts and span at most {StatsQuery.MaxDays} days.",
        $"Der Zeitraum muss nach seinem Beginn enden und darf höchstens {StatsQuery.MaxDays} Tage umfassen.");

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTag(ModerationEndpoints.Tag, ModerationEndpoints.TagDescription).WithValidation()
            .RequirePlatformRole(PlatformRole.Admin);
        admin.MapGet("/audit-log", AuditLogAsync)
            .WithName("GetAuditLog").WithSummary("The audit log of moderation and admin actions, newest first")
            .WithDescription("Admins only. Filter by actorId, targetId, action (e.g. listing.removed, association.suspended, " +
                             "user.role_granted, api_key.created) and time (from inclusive, to exclusive); cursor-paged. The log is " +
                             "append-only: there is no API to change it, and the database refuses UPDATE and DELETE.");
        admin.MapGet("/stats", StatsAsync)
            .WithName("GetStatistics").WithSummary("Platform statistics for a period")
            .WithDescription("Admins only. For [from, to), by default the last 30 days: listings created by category, kind and current " +
                             "status; matches proposed, accepted (and not cancelled since) and completed (last window ended in the period); " +
                             "the median seconds from publishing a request to its first accepted match; associations active in the period " +
                             "(a listing created or a match proposed, not suspended) by city; reports open now and the median seconds to " +
                             "decide reports decided in the period.");
        return app;
    }

    private static async Task<Results<Ok<AuditLogPage>, ValidationProblem>> AuditLogAsync(
        [AsParameters] AuditLogQuery query, AdminStore admin, CancellationToken ct)
    {
        if (!Cursor.TryDecode(query.Cursor, ApiJsonContext.Default.AuditPosition, out var after))
        {
            return Problems.Validation(Cursor.InvalidError());
        }

        var limit = query.Limit ?? AuditLogQuery.DefaultLimit;
        var rows = await admin.AuditLogAsync(
            new AuditFilter(query.ActorId, query.TargetId, query.Action, query.From?.UtcDateTime, query.To?.UtcDateTime), after, limit + 1, ct);
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? Cursor.Encode(new AuditPosition(page[^1].OccurredAt, page[^1].Id), ApiJsonContext.Default.AuditPosition) : null;
        return TypedResults.Ok(new AuditLogPage(page, next));
    }

    private static async Task<Results<Ok<StatsResponse>, ValidationProblem>> StatsAsync(
        [AsParameters] StatsQuery query, AdminStore admin, TimeProvider time, CancellationToken ct)
    {
        var to = query.To ?? time.GetUtcNow();
        var from = query.From ?? to.AddDays(-StatsQuery.DefaultDays);
        if (to <= from || to - from > TimeSpan.FromDays(StatsQuery.MaxDays))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["to"] = [EmptyPeriod.ToString()] });
        }

        var stats = await admin.StatisticsAsync(from.UtcDateTime, to.UtcDateTime, ct);
        return TypedResults.Ok(new StatsResponse(from, to, stats.Listings, stats.Figures, stats.ActiveAssociationsByCity));
    }
}
