using Dapper;
using Npgsql;
using ResourceShare.Domain.SavedSearches;

namespace ResourceShare.Infrastructure.SavedSearches;

/// <summary>
/// Finds the saved searches a newly published listing matches and sends what they found through the outbox. Both
/// steps are one statement each and safe on every API instance at once: the queue and the searches are claimed
/// with FOR UPDATE SKIP LOCKED, and the primary key of saved_search_hit records a listing once per search.
/// </summary>
public sealed class SavedSearchMatcher(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Matches up to <paramref name="batchSize"/> queued listings against every saved search that was saved before
    /// the listing became published, with the conditions of the listing search (ListingSearch) read from the
    /// search's columns instead of parameters. Kind and category are compared first, so the costlier conditions
    /// (text, distance, availability) run only for searches that could match. Returns how many listings it took.
    /// </summary>
    public async Task<int> MatchQueuedAsync(int batchSize, CancellationToken ct)
    {
        const string sql = """
            WITH claimed AS (
                DELETE FROM saved_search_pending p
                 WHERE p.listing_id IN (SELECT listing_id FROM saved_search_pending
                                         ORDER BY published_at, listing_id
                                         LIMIT @BatchSize
                                           FOR UPDATE SKIP LOCKED)
                RETURNING p.listing_id, p.published_at
            ), found AS (
                INSERT INTO saved_search_hit (saved_search_id, listing_id)
                SELECT s.id, l.id
                  FROM claimed c
                  JOIN listing l ON l.id = c.listing_id
                  JOIN saved_search s ON s.created_at < c.published_at
                                     AND (s.kind IS NULL OR s.kind = l.kind)
                                     AND (s.category IS NULL OR s.category = l.category)
                 WHERE l.status = 'published' AND l.hidden_at IS NULL AND l.valid_until > now()
                   AND l.association_id NOT IN (SELECT id FROM association WHERE verification_status = 'suspended')
                   AND (s.query_text IS NULL OR l.search @@ websearch_to_tsquery('german_unaccent', s.query_text))
                   AND (s.latitude IS NULL OR distance_km(l.location, point(s.longitude, s.latitude)) <= s.radius_km)
                   AND (s.free_from IS NULL
                        OR (EXISTS (SELECT 1 FROM listing_window w
                                     WHERE w.listing_id = l.id AND w.during @> tstzrange(s.free_from, s.free_to, '[)'))
                            AND offer_free_units(l.id, coalesce((l.details ->> 'quantity')::int, 1), tstzrange(s.free_from, s.free_to, '[)')) >= 1))
                   AND (s.language_edges IS NULL OR l.language_edges @> s.language_edges)
                   AND (s.min_capacity IS NULL OR l.size >= s.min_capacity)
                   AND (NOT s.free_only OR l.terms = 'free')
                   AND (NOT s.verified_only OR l.association_id IN (SELECT id FROM association WHERE verification_status = 'verified'))
                   AND (s.listing_association_id IS NULL OR l.association_id = s.listing_association_id)
                   -- A member who left the association no longer hears of its searches.
                   AND EXISTS (SELECT 1 FROM membership m WHERE m.association_id = s.association_id AND m.user_id = s.user_id)
                ON CONFLICT DO NOTHING
            )
            SELECT count(*) FROM claimed
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition(sql, new { BatchSize = batchSize }, cancellationToken: ct));
    }

    /// <summary>
    /// Writes one inbox entry (kind saved_search_matched) per search whose finds are due: at once for searches that
    /// send immediately, once <c>next_due_at</c> has passed <paramref name="now"/> for daily and weekly ones, which
    /// then wait another period. The outbox trigger queues the entry for the mail and webhook channels. The finds
    /// the entry carries are marked sent in the same statement, so they go out once; a find recorded meanwhile
    /// waits for the next entry. Daily and weekly searches that found nothing in their period start the next one.
    /// Returns how many entries it wrote.
    /// </summary>
    public async Task<int> SendDueAsync(DateTime now, int batchSize, CancellationToken ct)
    {
        // FOR NO KEY UPDATE: recording a find checks the search's key (FOR KEY SHARE), which this does not block.
        const string send = """
            WITH due AS (
                SELECT s.id, s.association_id, s.name, s.channel, s.rhythm
                  FROM saved_search s
                 WHERE s.id IN (SELECT saved_search_id FROM saved_search_hit WHERE NOT sent)
                   AND (s.rhythm = 'immediately' OR s.next_due_at <= @Now)
                 ORDER BY s.id
                 LIMIT @BatchSize
                   FOR NO KEY UPDATE SKIP LOCKED
            ), entry AS (
                SELECT d.id AS saved_search_id, gen_random_uuid() AS notification_id, d.association_id,
                       CASE WHEN count(*) = 1 THEN (array_agg(l.id))[1] END AS listing_id,
                       jsonb_build_object(
                           'savedSearchId', d.id, 'savedSearchName', d.name, 'channel', d.channel, 'rhythm', d.rhythm,
                           'count', count(*),
                           'listingTitles', string_agg(l.title, '; ' ORDER BY h.matched_at, l.id),
                           'listings', jsonb_agg(jsonb_build_object('id', l.id, 'title', l.title, 'kind', l.kind, 'category', l.category)
                                                 ORDER BY h.matched_at, l.id)) AS data
                  FROM due d
                  JOIN saved_search_hit h ON h.saved_search_id = d.id AND NOT h.sent
                  JOIN listing l ON l.id = h.listing_id
                 GROUP BY d.id, d.association_id, d.name, d.channel, d.rhythm
            ), written AS (
                INSERT INTO notification (id, association_id, kind, listing_id, data)
                SELECT notification_id, association_id, 'saved_search_matched', listing_id, data FROM entry
            ), marked AS (
                UPDATE saved_search_hit h SET sent = true, notification_id = e.notification_id
                  FROM entry e
                 WHERE h.saved_search_id = e.saved_search_id AND NOT h.sent
            ), waiting AS (
                UPDATE saved_search s
                   SET next_due_at = @Now + CASE s.rhythm WHEN 'daily' THEN @Daily ELSE @Weekly END
                  FROM due d
                 WHERE s.id = d.id AND d.rhythm <> 'immediately'
            )
            SELECT count(*) FROM entry
            """;
        // The periods that passed without finds; a search with finds is left to the statement above.
        const string idle = """
            UPDATE saved_search s
               SET next_due_at = @Now + CASE s.rhythm WHEN 'daily' THEN @Daily ELSE @Weekly END
             WHERE s.rhythm <> 'immediately' AND s.next_due_at <= @Now
               AND NOT EXISTS (SELECT 1 FROM saved_search_hit h WHERE h.saved_search_id = s.id AND NOT h.sent)
            """;
        var parameters = new
        {
            Now = now,
            BatchSize = batchSize,
            Daily = SavedSearchRules.Period(SavedSearchRhythm.Daily),
            Weekly = SavedSearchRules.Period(SavedSearchRhythm.Weekly),
        };
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var sent = await conn.ExecuteScalarAsync<int>(new CommandDefinition(send, parameters, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(idle, parameters, cancellationToken: ct));
        return sent;
    }
}
