using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Listings;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Listings;

public sealed record ListingRow(
    Guid Id, Guid AssociationId, string AssociationName, VerificationStatus AssociationStatus, ListingKind Kind,
    ListingCategory Category, string Title, string Description, string ContentLanguage, string Details,
    string PostalCode, string City, double Latitude, double Longitude, string? StreetAddress, decimal? ServiceRadiusKm,
    decimal? MaxDistanceKm, bool RemoteOk, string Schedule, bool Recurring, TermsKind Terms, decimal? CostEur,
    string? ExchangeFor, decimal? MaxBudgetEur, DateTime ValidUntil, ListingStatus Status, CloseReason? CloseReason,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? PublishedAt, int Version);

/// <summary>What a listing is made of, as the API validated it. Details and Schedule are JSON documents.</summary>
public sealed record ListingContent(
    ListingKind Kind, ListingCategory Category, string Title, string Description, string ContentLanguage, string Details,
    string PostalCode, string City, double Latitude, double Longitude, string? StreetAddress, decimal? ServiceRadiusKm,
    decimal? MaxDistanceKm, bool RemoteOk, string Schedule, bool Recurring, IReadOnlyList<TimeWindow> Windows,
    TermsKind Terms, decimal? CostEur, string? ExchangeFor, decimal? MaxBudgetEur, DateTime ValidUntil);

public abstract record ListingChange
{
    public sealed record Done(ListingRow Row) : ListingChange;

    public sealed record Deleted : ListingChange;

    public sealed record Refused(Refusal Refusal) : ListingChange;

    /// <summary>The listing is in a status from which this change is not allowed.</summary>
    public sealed record WrongStatus(ListingStatus Current) : ListingChange;
}

public sealed class ListingStore(NpgsqlDataSource dataSource, IListingChanges listingChanges)
{
    // Street addresses only for the listing's own association (its members and keys) and moderators.
    internal const string Columns = """
        l.id, l.association_id, a.name AS association_name, a.verification_status AS association_status, l.kind,
        l.category, l.title, l.description, l.content_language, l.details::text AS details,
        l.postal_code, l.city, l.latitude, l.longitude, CASE WHEN p.may THEN l.street_address END AS street_address,
        l.service_radius_km, l.max_distance_km, l.remote_ok, l.schedule::text AS schedule, l.recurring, l.terms, l.cost_eur,
        l.exchange_for, l.max_budget_eur, l.valid_until, l.status, l.close_reason,
        l.created_at, l.updated_at, l.published_at, l.version
        """;

    // The caller's relation to a listing: may it see the private parts (owner side or moderator).
    internal const string CallerJoin = """
        JOIN association a ON a.id = l.association_id
        CROSS JOIN LATERAL (SELECT caller_may(l.association_id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, @Oversee) AS may) p
        """;

    public async Task<(ListingRow? Row, Refusal Refusal)> CreateAsync(Guid associationId, Caller caller, ListingContent content, CancellationToken ct)
    {
        const string insert = """
            INSERT INTO listing (id, association_id, kind, category, title, description, content_language, details,
                                 postal_code, city, latitude, longitude, street_address, service_radius_km, max_distance_km,
                                 remote_ok, schedule, recurring, terms, cost_eur, exchange_for, max_budget_eur, valid_until, created_by)
            VALUES (@Id, @AssociationId, @Kind, @Category, @Title, @Description, @ContentLanguage, @Details::jsonb,
                    @PostalCode, @City, @Latitude, @Longitude, @StreetAddress, @ServiceRadiusKm, @MaxDistanceKm,
                    @RemoteOk, @Schedule::jsonb, @Recurring, @Terms, @CostEur, @ExchangeFor, @MaxBudgetEur, @ValidUntil, @CreatedBy)
            """;
        await using var write = await WriteTransaction.BeginAsync(dataSource, ct);
        var (conn, tx) = write;
        if (await Access.AuthorizeAsync(conn, tx, associationId, caller, Permission.ManageListings, starting: true, ct: ct) is { } refusal)
        {
            return (null, refusal);
        }

        var id = Guid.CreateVersion7();
        await conn.ExecuteAsync(new CommandDefinition(insert, ContentParameters(content, new { Id = id, AssociationId = associationId, CreatedBy = caller.UserId }), tx, cancellationToken: ct));
        await ReplaceWindowsAsync(conn, tx, id, content.Windows, ct);
        var row = await SelectAsync(conn, tx, id, caller, ct);
        await write.CommitAsync(ct);
        return (row, default);
    }

    /// <summary>
    /// The listing as <paramref name="caller"/> may see it: published listings of associations that are not
    /// suspended, unless reports hid them, for everybody; every status for its own association and moderators.
    /// </summary>
    public async Task<ListingRow?> GetAsync(Guid id, Caller caller, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await SelectAsync(conn, null, id, caller, ct);
    }

    public async Task<ListingChange> UpdateAsync(Guid id, Caller caller, ListingContent content, int? expectedVersion, CancellationToken ct)
    {
        const string update = """
            UPDATE listing l
               SET title = @Title, description = @Description, content_language = @ContentLanguage, details = @Details::jsonb,
                   postal_code = @PostalCode, city = @City, latitude = @Latitude, longitude = @Longitude,
                   street_address = @StreetAddress, service_radius_km = @ServiceRadiusKm, max_distance_km = @MaxDistanceKm,
                   remote_ok = @RemoteOk, schedule = @Schedule::jsonb, recurring = @Recurring, terms = @Terms, cost_eur = @CostEur,
                   exchange_for = @ExchangeFor, max_budget_eur = @MaxBudgetEur, valid_until = @ValidUntil,
                   updated_at = now(), version = version + 1
             WHERE l.id = @Id AND l.status = ANY(@Editable)
               AND caller_may(l.association_id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, false)
               AND (@ExpectedVersion::int IS NULL OR l.version = @ExpectedVersion)
            RETURNING l.id
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var parameters = Access.Parameters(caller, Permission.ManageListings, new
        {
            Id = id,
            Editable = EnumText<ListingStatus>.Of(ListingTransitions.Editable),
            ExpectedVersion = expectedVersion,
        });
        parameters.AddDynamicParams(ContentParameters(content, null));
        var updated = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(update, parameters, tx, cancellationToken: ct));
        if (updated is null)
        {
            return await ExplainAsync(conn, tx, id, caller, expectedVersion, ListingTransitions.Editable, ct);
        }

        await ReplaceWindowsAsync(conn, tx, id, content.Windows, ct);
        await listingChanges.ChangedAsync(conn, tx, id, ct);
        var row = await SelectAsync(conn, tx, id, caller, ct);
        await tx.CommitAsync(ct);
        return new ListingChange.Done(row!);
    }

    /// <summary>
    /// Moves a listing to <paramref name="to"/> if its status is one of <paramref name="from"/>. A listing
    /// published for the first time notifies the associations it matches well, in the same transaction; one
    /// published again has its match candidates computed in it.
    /// </summary>
    public async Task<ListingChange> TransitionAsync(
        Guid id, Caller caller, IReadOnlyList<ListingStatus> from, ListingStatus to, CloseReason? reason, int? expectedVersion, CancellationToken ct)
    {
        // published_at is set once, to the transaction's now(): equal to now() afterwards only when this
        // statement published the listing for the first time.
        const string sql = """
            UPDATE listing l
               SET status = @To, close_reason = coalesce(@Reason, close_reason), updated_at = now(), version = version + 1,
                   published_at = CASE WHEN @To = 'published' THEN coalesce(published_at, now()) ELSE published_at END
             WHERE l.id = @Id AND l.status = ANY(@From)
               AND caller_may(l.association_id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, false)
               AND (@ExpectedVersion::int IS NULL OR l.version = @ExpectedVersion)
            RETURNING l.status = 'published' AND l.published_at = now() AS first_published
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var parameters = Access.Parameters(caller, Permission.ManageListings, new
        {
            Id = id,
            From = EnumText<ListingStatus>.Of(from),
            To = to,
            Reason = reason,
            ExpectedVersion = expectedVersion,
        });
        var firstPublished = await conn.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(sql, parameters, tx, cancellationToken: ct));
        if (firstPublished is null)
        {
            return await ExplainAsync(conn, tx, id, caller, expectedVersion, from, ct);
        }

        if (firstPublished.Value)
        {
            await listingChanges.FirstPublishedAsync(conn, tx, id, ct);
        }
        else
        {
            await listingChanges.ChangedAsync(conn, tx, id, ct);
        }

        var row = await SelectAsync(conn, tx, id, caller, ct);
        await tx.CommitAsync(ct);
        return new ListingChange.Done(row!);
    }

    // "Still current", by a manager or by a reminder's link: validUntil moves ExtensionDays later (from now, if it has just
    // passed), to at most MaxValidDays from now.
    private const string ExtendedValidUntil =
        "least(greatest(l.valid_until, now()) + make_interval(days => @Days), now() + make_interval(days => @MaxDays))";

    // A reminder's link works while its listing is live and its validUntil still the one the reminder named (to the second).
    private const string AsReminded =
        "l.id = @Id AND l.status = ANY(@Extendable) AND date_trunc('second', l.valid_until) = @RemindedValidUntil";

    /// <summary>
    /// "Still current": moves a published or paused listing's validUntil <see cref="ListingRules.ExtensionDays"/> days
    /// later, to at most <see cref="ListingRules.MaxValidDays"/> days from now. A listing whose validUntil passed a moment
    /// ago and that the expiry job has not reached yet is still live: it gets the days from now.
    /// </summary>
    public async Task<ListingChange> ExtendAsync(Guid id, Caller caller, int? expectedVersion, CancellationToken ct)
    {
        const string sql = $"""
            UPDATE listing l
               SET valid_until = {ExtendedValidUntil},
                   updated_at = now(), version = version + 1
             WHERE l.id = @Id AND l.status = ANY(@Extendable)
               AND caller_may(l.association_id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, false)
               AND (@ExpectedVersion::int IS NULL OR l.version = @ExpectedVersion)
            RETURNING l.id
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var parameters = Access.Parameters(caller, Permission.ManageListings, new
        {
            Id = id,
            Days = ListingRules.ExtensionDays,
            MaxDays = ListingRules.MaxValidDays,
            Extendable = EnumText<ListingStatus>.Of(ListingTransitions.Extendable),
            ExpectedVersion = expectedVersion,
        });
        if (await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(sql, parameters, tx, cancellationToken: ct)) is null)
        {
            return await ExplainAsync(conn, tx, id, caller, expectedVersion, ListingTransitions.Extendable, ct);
        }

        await listingChanges.ChangedAsync(conn, tx, id, ct);
        var row = await SelectAsync(conn, tx, id, caller, ct);
        await tx.CommitAsync(ct);
        return new ListingChange.Done(row!);
    }

    /// <summary>
    /// "Still current" from the link of an expiry reminder: extends as <see cref="ExtendAsync"/> does, but only while
    /// the listing is live and its validUntil is still the one the reminder named (to the second), so that one
    /// reminder's link extends once. Null when that no longer holds.
    /// </summary>
    public async Task<ExtendedListing?> ExtendRemindedAsync(Guid id, DateTime remindedValidUntil, CancellationToken ct)
    {
        const string sql = $"""
            UPDATE listing l
               SET valid_until = {ExtendedValidUntil},
                   updated_at = now(), version = version + 1
             WHERE {AsReminded}
            RETURNING l.id, l.title, l.valid_until
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var extended = await conn.QuerySingleOrDefaultAsync<ExtendedListing>(new CommandDefinition(
            sql,
            new
            {
                Id = id,
                RemindedValidUntil = remindedValidUntil,
                Days = ListingRules.ExtensionDays,
                MaxDays = ListingRules.MaxValidDays,
                Extendable = EnumText<ListingStatus>.Of(ListingTransitions.Extendable),
            },
            tx,
            cancellationToken: ct));
        if (extended is not null)
        {
            await listingChanges.ChangedAsync(conn, tx, id, ct);
            await tx.CommitAsync(ct);
        }

        return extended;
    }

    /// <summary>The listing a reminder's link would extend, while <see cref="ExtendRemindedAsync"/> would; otherwise null.</summary>
    public async Task<ExtendedListing?> RemindedAsync(Guid id, DateTime remindedValidUntil, CancellationToken ct)
    {
        const string sql = $"""
            SELECT l.id, l.title, l.valid_until
              FROM listing l
             WHERE {AsReminded}
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ExtendedListing>(new CommandDefinition(
            sql,
            new { Id = id, RemindedValidUntil = remindedValidUntil, Extendable = EnumText<ListingStatus>.Of(ListingTransitions.Extendable) },
            cancellationToken: ct));
    }

    /// <summary>Deletes a draft; any other status is kept on record (close it instead).</summary>
    public async Task<ListingChange> DeleteDraftAsync(Guid id, Caller caller, int? expectedVersion, CancellationToken ct)
    {
        const string sql = """
            DELETE FROM listing l
             WHERE l.id = @Id AND l.status = 'draft'
               AND caller_may(l.association_id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, false)
               AND (@ExpectedVersion::int IS NULL OR l.version = @ExpectedVersion)
            RETURNING l.id
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var deleted = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            sql, Access.Parameters(caller, Permission.ManageListings, new { Id = id, ExpectedVersion = expectedVersion }), cancellationToken: ct));
        return deleted is not null
            ? new ListingChange.Deleted()
            : await ExplainAsync(conn, null, id, caller, expectedVersion, [ListingStatus.Draft], ct);
    }

    /// <summary>An association's listings in every status, newest first, for its members, keys and moderators.</summary>
    public async Task<(IReadOnlyList<ListingRow>? Rows, Refusal Refusal)> ListOwnAsync(
        Guid associationId, Caller caller, ListingPosition? after, int limit, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {Columns}
              FROM listing l {CallerJoin}
             WHERE l.association_id = @AssociationId
               AND (@AfterCreatedAt::timestamptz IS NULL OR (l.created_at, l.id) < (@AfterCreatedAt, @AfterId))
             ORDER BY l.created_at DESC, l.id DESC
             LIMIT @Limit
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.ReadListings, ct: ct) is { } refusal
            && !(refusal == Refusal.Forbidden && caller.IsModerator))
        {
            return (null, refusal);
        }

        var rows = await conn.QueryAsync<ListingRow>(new CommandDefinition(
            sql,
            Access.Parameters(caller, Permission.ReadListings, new { AssociationId = associationId, AfterCreatedAt = after?.At, AfterId = after?.Id, Limit = limit }),
            cancellationToken: ct));
        return (rows.AsList(), default);
    }

    /// <summary>Marks listings whose validUntil has passed as expired; safe to run on every instance at once.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct)
    {
        const string sql = """
            UPDATE listing SET status = 'expired', updated_at = now(), version = version + 1
             WHERE id IN (SELECT id FROM listing
                           WHERE status = ANY(@From) AND valid_until <= now()
                           ORDER BY valid_until
                           LIMIT 1000
                             FOR UPDATE SKIP LOCKED)
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            sql, new { From = EnumText<ListingStatus>.Of(ListingTransitions.AllowedFrom(ListingStatus.Expired, ListingActor.System)) }, cancellationToken: ct));
    }

    /// <summary>
    /// Folds the per-statement differences of the search's kept counts into one row per kind and category
    /// (listing_facet_count) and, for the words that changed, one row per word, kind and category
    /// (listing_term_count). Safe on several instances at once: a difference row is deleted by one of them only, and
    /// rows written meanwhile wait for the next run.
    /// </summary>
    public async Task<int> CompactCountsAsync(CancellationToken ct)
    {
        const string facets = """
            WITH gone AS (DELETE FROM listing_facet_count RETURNING kind, category, n)
            INSERT INTO listing_facet_count (kind, category, n)
            SELECT kind, category, sum(n) FROM gone GROUP BY kind, category HAVING sum(n) <> 0
            """;
        const string terms = """
            WITH changed AS (SELECT DISTINCT term FROM listing_term_count WHERE NOT folded),
            gone AS (DELETE FROM listing_term_count t USING changed c WHERE t.term = c.term RETURNING t.term, t.kind, t.category, t.n)
            INSERT INTO listing_term_count (term, kind, category, n, folded)
            SELECT term, kind, category, sum(n), true FROM gone GROUP BY term, kind, category HAVING sum(n) <> 0
            """;
        const string pending = """
            SELECT (SELECT count(*) > 12 FROM listing_facet_count) AS facets,
                   EXISTS (SELECT 1 FROM listing_term_count WHERE NOT folded) AS terms
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var (facetsPending, termsPending) = await conn.QuerySingleAsync<(bool, bool)>(new CommandDefinition(pending, cancellationToken: ct));
        var folded = facetsPending ? await conn.ExecuteAsync(new CommandDefinition(facets, cancellationToken: ct)) : 0;
        return folded + (termsPending ? await conn.ExecuteAsync(new CommandDefinition(terms, cancellationToken: ct)) : 0);
    }

    internal static async Task<ListingRow?> SelectAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, Caller caller, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {Columns}
              FROM listing l {CallerJoin}
             WHERE l.id = @Id
               AND (p.may OR (l.status = 'published' AND a.verification_status <> 'suspended' AND l.hidden_at IS NULL))
            """;
        return await conn.QuerySingleOrDefaultAsync<ListingRow>(new CommandDefinition(
            sql, Access.Parameters(caller, Permission.ReadListings, new { Id = id }), tx, cancellationToken: ct));
    }

    private static async Task<ListingChange> ExplainAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, Caller caller, int? expectedVersion, IReadOnlyList<ListingStatus> from, CancellationToken ct)
    {
        var row = await SelectAsync(conn, tx, id, caller, ct);
        if (row is null)
        {
            return new ListingChange.Refused(Refusal.NotFound);
        }

        // Seeing a listing is not managing it: a plain member, a read-only key or a moderator gets 403.
        if (await Access.AuthorizeAsync(conn, tx, row.AssociationId, caller, Permission.ManageListings, ct: ct) is { } refusal)
        {
            return new ListingChange.Refused(refusal);
        }

        if (expectedVersion is not null && row.Version != expectedVersion)
        {
            return new ListingChange.Refused(Refusal.VersionMismatch);
        }

        return from.Contains(row.Status) ? new ListingChange.Refused(Refusal.VersionMismatch) : new ListingChange.WrongStatus(row.Status);
    }

    private static async Task ReplaceWindowsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, IReadOnlyList<TimeWindow> windows, CancellationToken ct)
    {
        const string delete = "DELETE FROM listing_window WHERE listing_id = @Id";
        const string insert = """
            INSERT INTO listing_window (listing_id, slot, during)
            SELECT @Id, s.slot - 1, tstzrange(s.starts, s.ends, '[)')
              FROM unnest(@Starts, @Ends) WITH ORDINALITY AS s(starts, ends, slot)
            """;
        await conn.ExecuteAsync(new CommandDefinition(delete, new { Id = id }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            insert,
            new
            {
                Id = id,
                Starts = windows.Select(w => w.Start.UtcDateTime).ToArray(),
                Ends = windows.Select(w => w.End.UtcDateTime).ToArray(),
            },
            tx,
            cancellationToken: ct));
    }

    private static DynamicParameters ContentParameters(ListingContent content, object? more)
    {
        var parameters = new DynamicParameters(more);
        parameters.AddDynamicParams(new
        {
            content.Kind, content.Category, content.Title, content.Description, content.ContentLanguage, content.Details, content.PostalCode, content.City, content.Latitude,
            content.Longitude, content.StreetAddress, content.ServiceRadiusKm, content.MaxDistanceKm, content.RemoteOk, content.Schedule, content.Recurring, content.Terms,
            content.CostEur, content.ExchangeFor, content.MaxBudgetEur, content.ValidUntil,
        });
        return parameters;
    }
}

/// <summary>Keyset position in an association's listings.</summary>
public sealed record ListingPosition(DateTime At, Guid Id);

/// <summary>A listing behind a reminder's link: what its pages say about it.</summary>
public sealed record ExtendedListing(Guid Id, string Title, DateTime ValidUntil);
