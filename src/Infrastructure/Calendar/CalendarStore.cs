using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Matches;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Infrastructure.Calendar;

/// <summary>One booking as a calendar shows it, from the side of the association whose calendar it is.</summary>
public sealed record CalendarBookingRow(
    Guid Id, string OfferTitle, string City, DateTime StartsAt, DateTime EndsAt, BookingStatus Status, bool AsProvider, string CounterpartName,
    DateTime CreatedAt, DateTime? CancelledAt);

/// <summary>An association's calendar: its name and its bookings.</summary>
public sealed record CalendarContent(string AssociationName, IReadOnlyList<CalendarBookingRow> Bookings);

/// <summary>The secret calendar feed of each association (0026_calendar_feeds.sql) and the bookings it shows.</summary>
public sealed class CalendarStore(NpgsqlDataSource dataSource)
{
    /// <summary>How far back the feed reaches: bookings that ended longer ago are left out.</summary>
    public const int PastDays = 90;

    private const string BookingColumns = """
        SELECT b.id, o.title AS offer_title, o.city, lower(b.during) AS starts_at, upper(b.during) AS ends_at, b.status,
               b.provider_id = @AssociationId AS as_provider, c.name AS counterpart_name, b.created_at, b.cancelled_at
          FROM booking b
          JOIN listing o ON o.id = b.offer_id
          JOIN association c ON c.id = CASE WHEN b.provider_id = @AssociationId THEN b.requester_id ELSE b.provider_id END
        """;

    /// <summary>When the feed's current URL was made, or null without a feed; for its members and its keys with matches:write.</summary>
    public async Task<(DateTime? CreatedAt, Refusal? Refusal)> StatusAsync(Guid associationId, Caller caller, CancellationToken ct)
    {
        const string sql = "SELECT created_at FROM calendar_feed WHERE association_id = @AssociationId";
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.ReadMatches, ct: ct) is { } refusal)
        {
            return (null, refusal);
        }

        return (await conn.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(sql, new { AssociationId = associationId }, cancellationToken: ct)), null);
    }

    /// <summary>Makes the feed, or replaces its secret (the old URL stops working); owners and coordinators.</summary>
    public async Task<(DateTime? CreatedAt, Refusal? Refusal)> RenewAsync(Guid associationId, byte[] tokenHash, Caller caller, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO calendar_feed (association_id, token_hash) VALUES (@AssociationId, @TokenHash)
            ON CONFLICT (association_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at
            RETURNING created_at
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.ManageMatches, ct: ct) is { } refusal)
        {
            return (null, refusal);
        }

        var createdAt = await conn.QuerySingleAsync<DateTime>(new CommandDefinition(
            sql, new { AssociationId = associationId, TokenHash = tokenHash }, cancellationToken: ct));
        return (createdAt, null);
    }

    /// <summary>Ends the feed; its URL answers 404 from now on. Idempotent.</summary>
    public async Task<Refusal?> RevokeAsync(Guid associationId, Caller caller, CancellationToken ct)
    {
        const string sql = "DELETE FROM calendar_feed WHERE association_id = @AssociationId";
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.ManageMatches, ct: ct) is { } refusal)
        {
            return refusal;
        }

        await conn.ExecuteAsync(new CommandDefinition(sql, new { AssociationId = associationId }, cancellationToken: ct));
        return null;
    }

    /// <summary>The calendar behind a feed secret (its hash), or null when no feed has it.</summary>
    public async Task<CalendarContent?> FeedAsync(byte[] tokenHash, CancellationToken ct)
    {
        const string owner = """
            SELECT a.id, a.name
              FROM calendar_feed f
              JOIN association a ON a.id = f.association_id
             WHERE f.token_hash = @TokenHash
            """;
        const string sql = BookingColumns + """

             WHERE (b.provider_id = @AssociationId OR b.requester_id = @AssociationId)
               AND upper(b.during) > now() - make_interval(days => @PastDays)
             ORDER BY lower(b.during), b.id
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var found = await conn.QuerySingleOrDefaultAsync<FeedOwner>(new CommandDefinition(owner, new { TokenHash = tokenHash }, cancellationToken: ct));
        if (found is null)
        {
            return null;
        }

        var rows = await conn.QueryAsync<CalendarBookingRow>(new CommandDefinition(
            sql, new { AssociationId = found.Id, PastDays }, cancellationToken: ct));
        return new CalendarContent(found.Name, rows.AsList());
    }

    /// <summary>One booking of the association, for its members and its keys with matches:write.</summary>
    public async Task<(CalendarContent? Content, Refusal? Refusal)> BookingAsync(Guid associationId, Guid bookingId, Caller caller, CancellationToken ct)
    {
        const string sql = BookingColumns + """

             WHERE b.id = @BookingId AND (b.provider_id = @AssociationId OR b.requester_id = @AssociationId)
            """;
        const string name = "SELECT name FROM association WHERE id = @AssociationId";
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await Access.AuthorizeAsync(conn, null, associationId, caller, Permission.ReadMatches, ct: ct) is { } refusal)
        {
            return (null, refusal);
        }

        var row = await conn.QuerySingleOrDefaultAsync<CalendarBookingRow>(new CommandDefinition(
            sql, new { AssociationId = associationId, BookingId = bookingId }, cancellationToken: ct));
        if (row is null)
        {
            return (null, Refusal.NotFound);
        }

        var associationName = await conn.QuerySingleAsync<string>(new CommandDefinition(name, new { AssociationId = associationId }, cancellationToken: ct));
        return (new CalendarContent(associationName, [row]), null);
    }

    private sealed record FeedOwner(Guid Id, string Name);
}
