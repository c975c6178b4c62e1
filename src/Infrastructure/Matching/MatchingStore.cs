using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Listings;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Listings;

namespace ResourceShare.Infrastructure.Matching;

public abstract record MatchLookup
{
    /// <summary>Matches best first, and near misses best first when fewer than the limit matched.</summary>
    public sealed record Found(MatchSource Source, IReadOnlyList<MatchCandidate> Matches, IReadOnlyList<MatchCandidate> NearMisses) : MatchLookup;

    public sealed record Refused(Refusal Refusal) : MatchLookup;

    /// <summary>Only a published, unexpired listing has matches.</summary>
    public sealed record NotPublished(ListingStatus Current) : MatchLookup;
}

public sealed class MatchingStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The ranked matches of a listing, for its own association (members, keys that read listings) and
    /// moderators. Who cannot see the listing gets NotFound; who sees it (it is published) but is not its
    /// association, Forbidden.
    /// </summary>
    public async Task<MatchLookup> FindAsync(Guid listingId, Caller caller, int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var visible = await ListingStore.SelectAsync(conn, null, listingId, caller, ct);
        if (visible is null)
        {
            return new MatchLookup.Refused(Refusal.NotFound);
        }

        if (await Access.AuthorizeAsync(conn, null, visible.AssociationId, caller, Permission.ReadListings, ct: ct) is { } refusal
            && !caller.IsModerator)
        {
            return new MatchLookup.Refused(refusal);
        }

        var source = (await MatchFinder.SourceAsync(conn, null, listingId, ct))!;
        if (source.Status != ListingStatus.Published)
        {
            return new MatchLookup.NotPublished(source.Status);
        }

        await using var tx = await conn.BeginTransactionAsync(ct);
        var candidates = await MatchFinder.FindAsync(conn, tx, source, nearMisses: true, ct);
        var matches = candidates.Where(c => c.Shortfall is null).Take(limit).ToList();
        var nearMisses = candidates.Where(c => c.Shortfall is not null).Take(limit - matches.Count).ToList();
        return new MatchLookup.Found(source, matches, nearMisses);
    }
}
