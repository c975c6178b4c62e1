using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.SavedSearches;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Listings;

namespace ResourceShare.Infrastructure.SavedSearches;

/// <summary>A saved search as its readers see it; <see cref="Filters"/> is the JSON object of filters as they were given.</summary>
public sealed record SavedSearchRow(
    Guid Id, Guid AssociationId, Guid UserId, string Name, string Filters, SavedSearchChannel Channel, SavedSearchRhythm Rhythm,
    DateTime NextDueAt, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>What a member saves: a name, the filters as given (JSON) and as matching reads them, the channel and the rhythm.</summary>
public sealed record SavedSearchDefinition(string Name, string FiltersJson, ListingFilter Filter, SavedSearchChannel Channel, SavedSearchRhythm Rhythm);

/// <summary>
/// Members' saved searches (0035_saved_searches.sql). A member sees and changes their own; owners and coordinators
/// also those sent by webhook, which speak for the association. Every other search is not there (404). Only owners
/// and coordinators may send a search by webhook.
/// </summary>
public sealed class SavedSearchStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, association_id, user_id, name, filters::text AS filters, channel, rhythm, next_due_at, created_at, updated_at";

    // The searches of the association this caller may see: their own, and the webhook ones when they manage it.
    private const string Visible = """
        association_id = @AssociationId
        AND (user_id = @UserId
             OR (channel = 'webhook' AND EXISTS (SELECT 1 FROM membership m
                                                  WHERE m.association_id = @AssociationId AND m.user_id = @UserId
                                                    AND m.role IN ('owner', 'coordinator'))))
        """;

    public async Task<(IReadOnlyList<SavedSearchRow>? Rows, Refusal? Refusal)> ListAsync(Guid associationId, Caller caller, CancellationToken ct)
    {
        const string sql = $"SELECT {Columns} FROM saved_search WHERE {Visible} ORDER BY created_at, id";
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.SaveSearches, ct: ct) is { } refusal)
        {
            return (null, refusal);
        }

        var rows = await conn.QueryAsync<SavedSearchRow>(new CommandDefinition(
            sql, new { AssociationId = associationId, caller.UserId }, cancellationToken: ct));
        return (rows.AsList(), null);
    }

    public async Task<(SavedSearchRow? Row, Refusal? Refusal)> GetAsync(Guid associationId, Guid id, Caller caller, CancellationToken ct)
    {
        const string sql = $"SELECT {Columns} FROM saved_search WHERE id = @Id AND {Visible}";
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.SaveSearches, ct: ct) is { } refusal)
        {
            return (null, refusal);
        }

        var row = await conn.QuerySingleOrDefaultAsync<SavedSearchRow>(new CommandDefinition(
            sql, new { Id = id, AssociationId = associationId, caller.UserId }, cancellationToken: ct));
        return row is null ? (null, Refusal.NotFound) : (row, null);
    }

    /// <summary>
    /// Saves a search, unless the caller holds <see cref="SavedSearchRules.MaxPerMember"/> in the association already
    /// (<c>LimitReached</c>), counted under a lock per member and association so that parallel saves cannot pass it.
    /// </summary>
    public async Task<(SavedSearchRow? Row, Refusal? Refusal, bool LimitReached)> CreateAsync(
        Guid associationId, SavedSearchDefinition search, Caller caller, CancellationToken ct)
    {
        const string lockMember = "SELECT pg_advisory_xact_lock(hashtextextended('saved_search:' || @AssociationId || ':' || @UserId, 0))";
        // A statement of its own after the lock: its snapshot then sees every save that held the lock before.
        const string count = "SELECT count(*) FROM saved_search WHERE association_id = @AssociationId AND user_id = @UserId";
        const string sql = $"""
            INSERT INTO saved_search (id, association_id, user_id, name, filters, kind, category, query_text, latitude, longitude,
                                      radius_km, free_from, free_to, language_edges, min_capacity, free_only, verified_only,
                                      listing_association_id, channel, rhythm, next_due_at)
            VALUES (@Id, @AssociationId, @UserId, @Name, @Filters::jsonb, @Kind, @Category, @Text, @Latitude, @Longitude,
                    @RadiusKm, @FreeFrom, @FreeTo, @LanguageEdges, @MinCapacity, @FreeOnly, @VerifiedOnly,
                    @ListingAssociationId, @Channel, @Rhythm, now() + @Period)
            RETURNING {Columns}
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await AuthorizeAsync(conn, associationId, search.Channel, caller, ct) is { } refusal)
        {
            return (null, refusal, false);
        }

        await using var tx = await conn.BeginTransactionAsync(ct);
        var member = new { AssociationId = associationId, caller.UserId };
        await conn.ExecuteAsync(new CommandDefinition(lockMember, member, tx, cancellationToken: ct));
        var held = await conn.ExecuteScalarAsync<long>(new CommandDefinition(count, member, tx, cancellationToken: ct));
        if (held >= SavedSearchRules.MaxPerMember)
        {
            return (null, null, true);
        }

        var parameters = Parameters(search, Guid.CreateVersion7(), associationId, caller);
        var row = await conn.QuerySingleAsync<SavedSearchRow>(new CommandDefinition(sql, parameters, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (row, null, false);
    }

    /// <summary>Replaces name, filters, channel and rhythm; a new rhythm starts its first period now.</summary>
    public async Task<(SavedSearchRow? Row, Refusal? Refusal)> UpdateAsync(
        Guid associationId, Guid id, SavedSearchDefinition search, Caller caller, CancellationToken ct)
    {
        const string sql = $"""
            UPDATE saved_search
               SET name = @Name, filters = @Filters::jsonb, kind = @Kind, category = @Category, query_text = @Text,
                   latitude = @Latitude, longitude = @Longitude, radius_km = @RadiusKm, free_from = @FreeFrom, free_to = @FreeTo,
                   language_edges = @LanguageEdges, min_capacity = @MinCapacity, free_only = @FreeOnly, verified_only = @VerifiedOnly,
                   listing_association_id = @ListingAssociationId, channel = @Channel,
                   next_due_at = CASE WHEN rhythm = @Rhythm THEN next_due_at ELSE now() + @Period END,
                   rhythm = @Rhythm, updated_at = now()
             WHERE id = @Id AND {Visible}
            RETURNING {Columns}
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await AuthorizeAsync(conn, associationId, search.Channel, caller, ct) is { } refusal)
        {
            return (null, refusal);
        }

        var row = await conn.QuerySingleOrDefaultAsync<SavedSearchRow>(new CommandDefinition(
            sql, Parameters(search, id, associationId, caller), cancellationToken: ct));
        return row is null ? (null, Refusal.NotFound) : (row, null);
    }

    /// <summary>Deletes the search with what it found and has not sent yet.</summary>
    public async Task<Refusal?> DeleteAsync(Guid associationId, Guid id, Caller caller, CancellationToken ct)
    {
        const string sql = $"DELETE FROM saved_search WHERE id = @Id AND {Visible} RETURNING id";
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.SaveSearches, ct: ct) is { } refusal)
        {
            return refusal;
        }

        var deleted = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            sql, new { Id = id, AssociationId = associationId, caller.UserId }, cancellationToken: ct));
        return deleted is null ? Refusal.NotFound : null;
    }

    /// <summary>Members may save searches; a search sent by webhook speaks for the association and needs its managers.</summary>
    private static async Task<Refusal?> AuthorizeAsync(
        NpgsqlConnection conn, Guid associationId, SavedSearchChannel channel, Caller caller, CancellationToken ct) =>
        await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.SaveSearches, ct: ct)
        ?? (channel == SavedSearchChannel.Webhook
            ? await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.ManageWebhooks, ct: ct)
            : null);

    private static object Parameters(SavedSearchDefinition search, Guid id, Guid associationId, Caller caller)
    {
        var f = search.Filter;
        return new
        {
            Id = id,
            AssociationId = associationId,
            caller.UserId,
            search.Name,
            Filters = search.FiltersJson,
            Kind = f.Kind is { } kind ? EnumText<ListingKind>.Of(kind) : null,
            Category = f.Category is { } category ? EnumText<ListingCategory>.Of(category) : null,
            f.Text,
            f.Near?.Latitude,
            f.Near?.Longitude,
            f.Near?.RadiusKm,
            FreeFrom = f.FreeFrom?.UtcDateTime,
            FreeTo = f.FreeTo?.UtcDateTime,
            f.LanguageEdges,
            f.MinCapacity,
            f.FreeOnly,
            f.VerifiedOnly,
            ListingAssociationId = f.AssociationId,
            Channel = EnumText<SavedSearchChannel>.Of(search.Channel),
            Rhythm = EnumText<SavedSearchRhythm>.Of(search.Rhythm),
            Period = SavedSearchRules.Period(search.Rhythm),
        };
    }
}
