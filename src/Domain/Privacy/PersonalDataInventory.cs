namespace ResourceShare.Domain.Privacy;

/// <summary>
/// One table of the database: why it exists, how long its rows stay, and which of its columns hold personal data
/// (anything that names, reaches or identifies a person, their words included) and which do not.
/// </summary>
public sealed record DataTable(string Name, string Purpose, string Retention, IReadOnlyList<string> Personal, IReadOnlyList<string> Other)
{
    public IEnumerable<string> Columns => Personal.Concat(Other);
}

/// <summary>
/// The record of processing in code (GDPR Art. 30): every table and every column of the schema, classified. A test
/// compares it with the migrated database, so a migration that adds a table or a column fails the suite until the
/// column is entered here. A new table is one <see cref="Table"/> line.
/// </summary>
public static class PersonalDataInventory
{
    public static IReadOnlyList<DataTable> Tables { get; } =
    [
        Table("app_user", "The account: sign-in, the name others see, the language of answers, the accepted terms.",
            "Until the person erases the account; then email, name and password are cleared and the id replaced by a pseudonym.",
            personal: "id, email, display_name, password_hash",
            other: "preferred_language, platform_role, created_at, updated_at, version, session_version, erased_at, accepted_terms_version, accepted_terms_at"),
        Table("association", "The association's public profile and its contact address for members and moderators.",
            "Until the association is dissolved; then the contact address, website, register entry and description are cleared.",
            personal: "contact_email, website, register_court, register_number, description",
            other: "id, name, legal_form, postal_code, city, languages, verification_status, suspension_reason, created_at, updated_at, version, verified_at, dissolved_at"),
        Table("membership", "Who may act for an association, and in which role.",
            "Until the member leaves, is removed, erases the account or the association is dissolved.",
            personal: "user_id",
            other: "association_id, role, created_at"),
        Table("refresh_token", "Keeps a person signed in; only a hash of the token is stored.",
            "Deleted by the retention job once used, revoked or expired for the configured period; with the account.",
            personal: "user_id, token_hash",
            other: "id, family_id, created_at, expires_at, used_at, revoked_at"),
        Table("api_key", "Integrators act for an association; only a hash of the key is stored.",
            "Until revoked and the association dissolved; the creator becomes the pseudonym on erasure.",
            personal: "created_by",
            other: "id, association_id, name, prefix, key_hash, scopes, created_at, last_used_at, revoked_at"),
        Table("rate_limit_bucket", "Limits requests per client address (an IP address is in the key).",
            "Deleted by the retention job once its window has passed.",
            personal: "key",
            other: "window_start, hits"),
        Table("sign_in_backoff", "Slows down password guessing per account and address (email and IP address are in the key).",
            "Deleted by a successful sign-in, by the retention job after the configured period, and on erasure.",
            personal: "key",
            other: "attempts, last_attempt_at"),
        Table("audit_log", "Accountability for moderation, administration, API keys and moderators' reading of private data.",
            "Kept (append-only); an erased person's id becomes their pseudonym.",
            personal: "actor_id, target_id, reason, trace_id",
            other: "id, occurred_at, actor_kind, action, target_type"),
        Table("idempotency_key", "Replays the answer to a repeated create request; the answer may name people.",
            "Deleted by the retention job after the configured period (24 hours by default); the person's own on erasure.",
            personal: "principal, body, location",
            other: "key, fingerprint, status, etag, created_at"),
        Table("listing", "Offers and requests; the street address tells a partner where to come.",
            "Kept with the association; the street address is cleared by the retention job once the listing is closed or expired.",
            personal: "street_address, description, title, created_by",
            other: """
                id, association_id, kind, category, content_language, details, postal_code, city, latitude, longitude,
                service_radius_km, max_distance_km, remote_ok, schedule, recurring, terms, cost_eur, exchange_for, max_budget_eur,
                valid_until, status, close_reason, created_at, updated_at, published_at, version, location, size, language_edges,
                search, hidden_at
                """),
        Table("listing_window", "When an offer is available or a request needs it.", "With the listing.",
            personal: "",
            other: "listing_id, slot, during"),
        Table("match", "A proposal between a request and an offer, with the proposer's note and a decline reason.",
            "Kept for both sides' records.",
            personal: "message, reason",
            other: """
                id, request_id, offer_id, requester_id, provider_id, proposed_by, status, quantity, closed_by, starts_at, ends_at,
                created_at, updated_at, decided_at, version
                """),
        Table("match_window", "The windows a match is about.", "With the match.",
            personal: "",
            other: "match_id, slot, during"),
        Table("booking", "Which offer is booked when.", "Kept for both sides' records.",
            personal: "",
            other: "id, match_id, offer_id, requester_id, provider_id, during, quantity, exclusive, status, created_at, cancelled_at"),
        Table("match_message", "The conversation of the two sides of a match.",
            "Deleted by the retention job the configured period (two years by default) after the match completed; the author becomes the pseudonym on erasure.",
            personal: "author_user_id, body",
            other: "id, match_id, author_association_id, created_at"),
        Table("feedback", "Ratings between associations after a match.", "Kept; the comment is the association's.",
            personal: "comment, given_by",
            other: "match_id, from_association_id, to_association_id, rating, created_at"),
        Table("notification", "An association's inbox.", "Deleted by the retention job after the configured period (one year by default).",
            personal: "data",
            other: "id, association_id, kind, match_id, listing_id, created_at, read_at"),
        Table("report", "Reports to the moderators.", "Kept for moderation; the reporter becomes the pseudonym on erasure.",
            personal: "reporter_id, comment",
            other: "id, target_type, target_id, reporter_association_id, reason, status, created_at, decided_at, decision"),
        Table("outbox", "Events of the inbox waiting to leave the building.", "Deleted once every channel has taken the event.",
            personal: "",
            other: "id, notification_id, enqueued_at"),
        Table("mail_preference", "How a person wants to hear of each kind of event by email.", "Until the person erases the account.",
            personal: "user_id",
            other: "kind, delivery, updated_at"),
        Table("saved_search", "A member's saved listing search, whose new finds reach them by email or the association by webhook.",
            "Until the member deletes it, leaves the association (then it stops matching) or erases the account.",
            personal: "user_id, name, filters, query_text",
            other: "id, association_id, kind, category, latitude, longitude, radius_km, free_from, free_to, language_edges, min_capacity, " +
                   "free_only, verified_only, listing_association_id, channel, rhythm, next_due_at, created_at, updated_at"),
        Table("saved_search_pending", "Listings just published, waiting to be matched against the saved searches.", "Until matched, seconds.",
            personal: "",
            other: "listing_id, published_at"),
        Table("saved_search_hit", "Which listings a saved search found, so that none is sent twice.", "With the search or the listing.",
            personal: "",
            other: "saved_search_id, listing_id, matched_at, notification_id, sent"),
        Table("mail", "Mails to send or sent to a person: references only, the words are written when the mail is sent.",
            "Deleted 30 days after sending or giving up (Mail__KeepDays), with the event it tells of, and on erasure.",
            personal: "user_id, last_error",
            other: "id, notification_id, digest_day, status, attempts, next_attempt_at, created_at, sent_at, failed_at"),
        Table("mail_digest_item", "Events waiting for a person's daily digest.", "With the digest mail or the event, and on erasure.",
            personal: "user_id",
            other: "notification_id, mail_id, created_at"),
        Table("calendar_feed", "The secret address of an association's calendar of bookings; only a hash of it is stored.",
            "Until the association revokes or renews it.",
            personal: "",
            other: "association_id, token_hash, created_at"),
        Table("webhook_endpoint", "Where an association's integrations receive its events, signed with the endpoint's secret.",
            "Until the association deletes it or is dissolved.",
            personal: "url",
            other: "id, association_id, event_types, secret, enabled, disabled_at, consecutive_failures, failing_since, created_at, updated_at"),
        Table("webhook_message", "An event on its way to a webhook endpoint; the payload holds the inbox entry's data (names, titles, reasons).",
            "Deleted with the endpoint, and by the webhook sender once delivered or dead for the configured period (30 days by default).",
            personal: "payload",
            other: "id, endpoint_id, event_type, status, attempts, next_attempt_at, expires_at, created_at, finished_at"),
        Table("webhook_attempt", "The delivery log: each attempt to deliver a webhook message and how the receiver answered.", "With the message.",
            personal: "",
            other: "id, message_id, attempted_at, status_code, duration_ms, error"),
        Table("web_session", "Keeps a person signed in to the web client; the tokens and the name are encrypted.",
            "Deleted when the session ends or expires, and on erasure.",
            personal: "user_id, ticket, access_token, refresh_token",
            other: "id, access_expires_at, created_at, expires_at"),
        Table("web_data_protection_key", "The web client's keys that encrypt its cookies and sessions.", "Rotated by the web client.",
            personal: "",
            other: "friendly_name, xml, created_at"),
        Table("match_candidate", "Which request and offer fit each other, computed from the listings.", "With the listings.",
            personal: "",
            other: "request_id, offer_id, slots, for_request, for_offer"),
        Table("match_candidate_floor", "The fewest points a pair needs to stay among a listing's kept match candidates.", "With the listing's candidates.",
            personal: "",
            other: "listing_id, points"),
        Table("match_candidate_stale", "Listings whose match candidates wait to be computed.", "Until they are computed.",
            personal: "",
            other: "listing_id, category, queued_at"),
        Table("association_trust_figures", "Completed matches and ratings per association, kept by triggers.", "With the association.",
            personal: "",
            other: "association_id, completed_count, rating_count, rating_sum"),
        Table("listing_facet_count", "How many published listings each kind and category has, kept by the writes.", "Kept.",
            personal: "",
            other: "kind, category, n"),
        Table("listing_term_count", "How many published listings each word (stemmed) of listing texts has, per kind and category, kept by the writes; a word no published listing has any more is folded away.", "Kept.",
            personal: "",
            other: "term, kind, category, n, folded"),
        Table("place", "The gazetteer of German places.", "Shipped with the migrations.",
            personal: "",
            other: "geonames_id, name, state, municipality_key, latitude, longitude, population, search_key, translit_key"),
        Table("schema_migrations", "Which migrations ran.", "Kept.",
            personal: "",
            other: "version, name, checksum, applied_at"),
    ];

    public static DataTable? Find(string table) => Tables.FirstOrDefault(t => t.Name == table);

    private static DataTable Table(string name, string purpose, string retention, string personal, string other) =>
        new(name, purpose, retention, Split(personal), Split(other));

    private static string[] Split(string columns) =>
        columns.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
