using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matching;
using ResourceShare.Infrastructure.Database;

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
    /// association, Forbidden. No transaction: the candidates were computed when the listings changed, and
    /// the reads only score them and check the best against bookings.
    /// </summary>
    public async Task<MatchLookup> FindAsync(Guid listingId, Caller caller, int limit, CancellationToken ct)
    {
        // The source with the caller's rights on it (visible as ListingStore.SelectAsync decides, allowed and its
        // association visible as Access.AuthorizeAsync does), and whether listings of its category wait
        // for their candidates; then its candidates, in the same round trip.
        const string sql = $"""
            SELECT {MatchFinder.SourceColumns},
                   caller_may(l.association_id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, @Oversee)
                       OR (l.status = 'published' AND a.verification_status <> 'suspended' AND l.hidden_at IS NULL) AS visible,
                   caller_may(l.association_id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, false) AS allowed,
                   a.verification_status <> 'suspended'
                       OR caller_may(a.id, @UserId, @ReadRoles, @KeyAssociationId, @KeyReads, @Oversee) AS association_visible,
                   EXISTS (SELECT 1 FROM match_candidate_stale q WHERE q.category = l.category) AS stale,
                   EXISTS (SELECT 1 FROM match_candidate_floor f WHERE f.listing_id = l.id)
                       AND {MatchCandidates.KeptCount} < @RefillBelow AS thin
              FROM listing l JOIN association a ON a.id = l.association_id {MatchParties.Windows}
             WHERE l.id = @Id;
            {MatchFinder.CandidatesSql};
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var parameters = Access.Parameters(caller, Permission.ReadListings, new
        {
            Id = listingId,
            CandidateBound.RefillBelow,
            ReadRoles = EnumText<MembershipRole>.Of(AccessPolicy.RolesFor(Permission.ReadPrivate)),
            KeyReads = caller.KeyAllows(Permission.ReadPrivate),
        });
        SourceAccess? access;
        IReadOnlyList<MatchFinder.CandidateRow> rows;
        await using (var reader = await conn.QueryMultipleAsync(new CommandDefinition(sql, parameters, cancellationToken: ct)))
        {
            access = await reader.ReadSingleOrDefaultAsync<SourceAccess>();
            rows = await MatchFinder.ReadCandidatesAsync(reader);
        }

        if (access is not { Visible: true })
        {
            return new MatchLookup.Refused(Refusal.NotFound);
        }

        if (!access.Allowed && !caller.IsModerator)
        {
            return new MatchLookup.Refused(access.AssociationVisible ? Refusal.Forbidden : Refusal.NotFound);
        }

        var source = access.ToSource();
        if (source.Status != ListingStatus.Published)
        {
            return new MatchLookup.NotPublished(source.Status);
        }

        if (access.Stale || access.Thin)
        {
            // Listings of this category changed without the API (a bulk load, SQL), or so many of the candidates
            // the source kept have left that those it did not keep may belong among its best: compute first.
            await using (var tx = await conn.BeginTransactionAsync(ct))
            {
                if (access.Stale)
                {
                    await MatchCandidates.RefreshCategoryAsync(conn, tx, source.Category, ct);
                }

                if (access.Thin)
                {
                    await MatchCandidates.RefillAsync(conn, tx, source.Id, source.Category, ct);
                }

                await tx.CommitAsync(ct);
            }

            rows = await MatchFinder.CandidatesAsync(conn, null, listingId, ct);
        }

        var (matches, booked) = await MatchFinder.RankAsync(conn, null, source, rows, limit, 0, ct);
        if (matches.Count >= limit)
        {
            return new MatchLookup.Found(source, matches, []);
        }

        var nearMisses = booked.Concat(await MatchFinder.NearMissesAsync(conn, null, source, ct)).Best().Take(limit - matches.Count).ToList();
        return new MatchLookup.Found(source, matches, nearMisses);
    }

    /// <summary>Computes the candidates of up to <paramref name="batch"/> queued listings; safe on several instances at once.</summary>
    public async Task<int> RefreshQueuedAsync(int batch, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var pairs = await MatchCandidates.RefreshQueuedAsync(conn, tx, batch, ct);
        await tx.CommitAsync(ct);
        return pairs;
    }

    /// <summary>
    /// Computes the candidates of every queued listing, a category at a time (after a bulk load), with no command
    /// timeout: a category of hundreds of thousands of listings takes minutes. Returns the pairs written.
    /// </summary>
    public async Task<int> RefreshAllAsync(CancellationToken ct)
    {
        var pairs = 0;
        foreach (var category in Enum.GetValues<ListingCategory>())
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            pairs += await MatchCandidates.RefreshCategoryAsync(conn, tx, category, ct, commandTimeout: 0);
            await tx.CommitAsync(ct);
        }

        return pairs;
    }

    private sealed class SourceAccess : MatchFinder.SourceRow
    {
        public bool Visible { get; init; }
        public bool Allowed { get; init; }
        public bool AssociationVisible { get; init; }
        public bool Stale { get; init; }
        public bool Thin { get; init; }
    }
}
