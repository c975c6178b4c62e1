using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matching;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Listings;
using ResourceShare.Infrastructure.Notifications;

namespace ResourceShare.Infrastructure.Matching;

/// <summary>"A new request matches your offer" / "a new offer matches your request" (SPEC §1 "Push").</summary>
public sealed class MatchPush : IListingChanges
{
    /// <summary>At most this many counterpart associations are notified of one newly published listing.</summary>
    public const int MaxNotified = 50;

    /// <summary>
    /// Computes the candidates of a listing that has just become published and writes one notification to each
    /// counterpart association whose best listing scores at least <see cref="MatchWeights.NotifyThreshold"/>: kind
    /// RequestMatchesOffer to offerers when a request is published, OfferMatchesRequest to requesters when an offer
    /// is; listing_id is the counterpart's own listing, data carries the new listing's id, title, association name
    /// and the score. Call it inside the transaction that publishes the listing (the listing must already read as
    /// published in it). An association already notified of this listing is not notified again, so calling it
    /// twice is harmless.
    /// </summary>
    public Task FirstPublishedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid listingId, CancellationToken ct) =>
        NotifyCounterpartsAsync(conn, tx, listingId, ct);

    /// <summary>Recomputes the listing's match candidates.</summary>
    public Task ChangedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid listingId, CancellationToken ct) =>
        MatchCandidates.RefreshAsync(conn, tx, [listingId], ct);

    private static async Task NotifyCounterpartsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid listingId, CancellationToken ct)
    {
        const string notifiedSql = """
            SELECT association_id FROM notification
             WHERE association_id = ANY(@Associations) AND kind = ANY(@Kinds) AND data ->> 'listingId' = @ListingId
            """;
        await MatchCandidates.RefreshAsync(conn, tx, [listingId], ct);
        var source = await MatchFinder.SourceAsync(conn, tx, listingId, ct);
        if (source is not { Status: ListingStatus.Published })
        {
            return;
        }

        var rows = await MatchFinder.CandidatesAsync(conn, tx, listingId, ct);
        var (matches, _) = await MatchFinder.RankAsync(conn, tx, source, rows, null, MatchWeights.NotifyThreshold, ct);
        var best = matches
            .Where(c => c.Score.Score >= MatchWeights.NotifyThreshold)
            .GroupBy(c => c.AssociationId)
            .Select(g => g.First())
            .Take(MaxNotified)
            .ToList();
        if (best.Count == 0)
        {
            return;
        }

        var notified = (await conn.QueryAsync<Guid>(new CommandDefinition(
            notifiedSql,
            new { Associations = best.Select(c => c.AssociationId).ToArray(), Kinds = EnumText<NotificationKind>.Of([NotificationKind.RequestMatchesOffer, NotificationKind.OfferMatchesRequest]), ListingId = listingId.ToString() },
            tx,
            cancellationToken: ct))).ToHashSet();
        var kind = source.Kind == ListingKind.Request ? NotificationKind.RequestMatchesOffer : NotificationKind.OfferMatchesRequest;
        foreach (var candidate in best.Where(c => !notified.Contains(c.AssociationId)))
        {
            var data = new JsonObject
            {
                ["listingId"] = listingId.ToString(),
                ["title"] = source.Title,
                ["counterpartName"] = source.AssociationName,
                ["score"] = candidate.Score.Score,
            };
            await Notifications.Notifications.WriteAsync(
                conn, tx, new NotificationEntry(candidate.AssociationId, kind, ListingId: candidate.ListingId, Data: data.ToJsonString()), ct);
        }
    }
}
