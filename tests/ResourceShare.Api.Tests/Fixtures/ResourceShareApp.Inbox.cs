using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Notifications;
using NotificationWriter = ResourceShare.Infrastructure.Notifications.Notifications;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>One side of a match: an association and a manager acting for it.</summary>
public sealed record MatchSide(TestUser Manager, Guid AssociationId);

/// <summary>Intent methods for inboxes and feedback, and the matches they need, arranged as the match workflow leaves them.</summary>
public partial class ResourceShareApp
{
    /// <summary>A verified association with its owner, ready to take part in matches.</summary>
    public async Task<MatchSide> CreateMatchSideAsync()
    {
        var owner = await RegisterAsync("owner");
        return new MatchSide(owner, await CreateVerifiedAssociationAsync(owner));
    }

    /// <summary>A match that took place: the requester's published request and the provider's published offer, completed.</summary>
    public Task<Guid> ArrangeCompletedMatchAsync(MatchSide requester, MatchSide provider) => ArrangeMatchAsync(requester, provider, "completed");

    /// <summary>
    /// A match between a published request and a published offer in <paramref name="status"/>, written as the
    /// match workflow writes it (proposed by the requester, one window a week from now).
    /// </summary>
    public async Task<Guid> ArrangeMatchAsync(MatchSide requester, MatchSide provider, string status)
    {
        const string sql = """
            INSERT INTO match (id, request_id, offer_id, requester_id, provider_id, proposed_by, status, starts_at, ends_at, decided_at)
            VALUES (@Id, @RequestId, @OfferId, @RequesterId, @ProviderId, @RequesterId, @Status, @Start, @End,
                    CASE WHEN @Status = 'proposed' THEN NULL ELSE now() END);
            INSERT INTO match_window (match_id, slot, during) VALUES (@Id, 0, tstzrange(@Start, @End, '[)'));
            """;
        var request = await PublishListingAsync(requester.Manager, requester.AssociationId, kind: "request");
        var offer = await PublishListingAsync(provider.Manager, provider.AssociationId);
        var id = Guid.CreateVersion7();
        var start = ListingBodies.Day(7, 16).UtcDateTime;
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.ExecuteAsync(sql, new
        {
            Id = id, RequestId = request.Id(), OfferId = offer.Id(), RequesterId = requester.AssociationId, ProviderId = provider.AssociationId,
            Status = status, Start = start, End = start.AddHours(3),
        });
        return id;
    }

    /// <summary>Writes an inbox entry through the writer the events use, in a transaction of its own.</summary>
    public async Task WriteNotificationAsync(Guid associationId, NotificationKind kind, string data = "{}", Guid? listingId = null)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await NotificationWriter.WriteAsync(conn, tx, new NotificationEntry(associationId, kind, ListingId: listingId, Data: data), CancellationToken.None);
        await tx.CommitAsync();
    }

    /// <summary>Runs the "listing expires in 7 days" part of the expiry job once.</summary>
    public Task<int> NotifyExpiringListingsAsync() =>
        Services.GetRequiredService<NotificationStore>().NotifyExpiringListingsAsync(CancellationToken.None);

    /// <summary>Moves a listing's validUntil to <paramref name="days"/> days from now, as an edit or the passing of time would.</summary>
    public Task SetValidUntilAsync(Guid listingId, double days) =>
        ExecuteSqlAsync("UPDATE listing SET valid_until = @value WHERE id = @id", listingId, DateTime.UtcNow.AddDays(days));

    /// <summary>
    /// As if <paramref name="days"/> days passed for one listing: its validUntil, and the expiry dates its
    /// notices named, lie that much nearer.
    /// </summary>
    public Task PassDaysForListingAsync(Guid listingId, int days) =>
        ExecuteSqlAsync(
            """
            UPDATE listing SET valid_until = valid_until - make_interval(days => @value) WHERE id = @id;
            UPDATE notification
               SET data = jsonb_set(data, '{validUntil}', to_jsonb(to_char(
                       ((data ->> 'validUntil')::timestamptz - make_interval(days => @value)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')))
             WHERE listing_id = @id AND kind = 'listing_expiring';
            """,
            listingId, days);

    /// <summary>The inbox entries of an association as <paramref name="client"/> reads them (one page of up to 100).</summary>
    public static async Task<List<JsonElement>> InboxAsync(HttpClient client, Guid associationId, string query = "") =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/associations/{associationId}/notifications?limit=100{query}"))
            .GetProperty("items").EnumerateArray().ToList();
}
