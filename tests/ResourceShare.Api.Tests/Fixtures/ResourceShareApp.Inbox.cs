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
public sealed record MatchPartner(TestUser Manager, Guid AssociationId);

/// <summary>Intent methods for inboxes and feedback, and the matches they need, arranged as the match workflow leaves them.</summary>
public partial class ResourceShareApp
{
    /// <summary>A verified association with its owner, ready to take part in matches.</summary>
    public async Task<MatchPartner> CreateMatchPartnerAsync()
    {
        var owner = await RegisterAsync("owner");
        return new MatchPartner(owner, await CreateVerifiedAssociationAsync(owner));
    }

    /// <summary>A match that took place: the requester's published request and the provider's published offer, completed.</summary>
    public Task<Guid> ArrangeCompletedMatchAsync(MatchPartner requester, MatchPartner provider) => ArrangeMatchAsync(requester, provider, "completed");

    /// <summary>
    /// A match between a published request and a published offer, brought to <paramref name="status"/> through the
    /// match workflow: proposed by the requester, then accepted, declined or withdrawn; an accepted one cancelled, or
    /// completed once its window lies in the past.
    /// </summary>
    public async Task<Guid> ArrangeMatchAsync(MatchPartner requester, MatchPartner provider, string status)
    {
        var request = await PublishListingAsync(requester.Manager, requester.AssociationId, kind: "request");
        var offer = await PublishListingAsync(provider.Manager, provider.AssociationId);
        var id = (await ProposeAsync(requester.Manager, request.Id(), offer.Id())).Id();
        switch (status)
        {
            case "proposed":
                break;
            case "declined":
                await ReadSuccessAsync(await PostMoveAsync(provider.Manager.Client, id, "decline", new { reason = "Der Raum ist vergeben." }));
                break;
            case "withdrawn":
                await ReadSuccessAsync(await PostMoveAsync(requester.Manager.Client, id, "withdraw"));
                break;
            default:
                await AcceptAsync(provider.Manager, id);
                if (status == "cancelled")
                {
                    await CancelAsync(requester.Manager, id);
                }
                else if (status == "completed")
                {
                    await MoveMatchIntoPastAsync(id, TimeSpan.FromDays(30));
                    await CompleteDueMatchesAsync();
                }

                break;
        }

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

    /// <summary>Waits until the outbox is empty (every event dispatched), at most <paramref name="timeout"/>.</summary>
    public async Task WaitForEmptyOutboxAsync(TimeSpan timeout)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        var until = DateTime.UtcNow + timeout;
        while (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox") > 0)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("The outbox was not emptied in time.");
            }

            await Task.Delay(50);
        }
    }
}
