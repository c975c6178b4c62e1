using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResourceShare.Infrastructure.Matches;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>One side of a match: the owner of a verified association and its published listing.</summary>
public sealed record MatchSide(TestUser Owner, Guid AssociationId, Guid ListingId);

/// <summary>A published request and a published offer of one category, of two verified associations.</summary>
public sealed record MatchParties(MatchSide Requester, MatchSide Provider)
{
    public Guid RequestId => Requester.ListingId;

    public Guid OfferId => Provider.ListingId;
}

/// <summary>Intent methods for proposals, bookings and messages, and the few states only time reaches (windows in the past).</summary>
public partial class ResourceShareApp
{
    /// <summary>
    /// Two verified associations, one publishing a request, the other an offer of <paramref name="category"/>;
    /// by default both for the same three hours a week from now. Set up in parallel.
    /// </summary>
    public async Task<MatchParties> CreateMatchPartiesAsync(
        string category = "room", Action<JsonObject>? request = null, Action<JsonObject>? offer = null)
    {
        var sides = await Task.WhenAll(SideAsync("request", request), SideAsync("offer", offer));
        return new MatchParties(sides[0], sides[1]);

        async Task<MatchSide> SideAsync(string kind, Action<JsonObject>? change)
        {
            var owner = await RegisterAsync(kind);
            var associationId = await CreateVerifiedAssociationAsync(owner);
            var listing = await PublishListingAsync(owner, associationId, category, kind, change);
            return new MatchSide(owner, associationId, listing.Id());
        }
    }

    /// <summary>Posts a proposal as <paramref name="client"/> and returns the answer, whatever it is.</summary>
    public Task<HttpResponseMessage> PostProposalAsync(HttpClient client, Guid requestId, Guid offerId, Action<JsonObject>? change = null)
    {
        var body = new JsonObject { ["requestId"] = requestId, ["offerId"] = offerId };
        change?.Invoke(body);
        return client.PostAsJsonAsync("/api/v1/matches", body);
    }

    /// <summary>Proposes a match as <paramref name="by"/> and returns it.</summary>
    public async Task<JsonElement> ProposeAsync(TestUser by, Guid requestId, Guid offerId, Action<JsonObject>? change = null) =>
        await ReadSuccessAsync(await PostProposalAsync(by.Client, requestId, offerId, change));

    /// <summary>The requesting side proposes the parties' request and offer.</summary>
    public Task<JsonElement> ProposeAsync(MatchParties parties, Action<JsonObject>? change = null) =>
        ProposeAsync(parties.Requester.Owner, parties.RequestId, parties.OfferId, change);

    /// <summary>Posts a move (accept, decline, withdraw, cancel) on a match as <paramref name="client"/> and returns the answer.</summary>
    public static Task<HttpResponseMessage> PostMoveAsync(HttpClient client, Guid matchId, string move, object? body = null, string? ifMatch = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/matches/{matchId}/{move}") { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            message.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(message);
    }

    /// <summary>Accepts as <paramref name="by"/>; returns the answer with the match, the booked and the skipped windows.</summary>
    public async Task<JsonElement> AcceptAsync(TestUser by, Guid matchId, string? conflicts = null) =>
        await ReadSuccessAsync(await PostMoveAsync(by.Client, matchId, "accept", conflicts is null ? null : new { conflicts }));

    public async Task<JsonElement> CancelAsync(TestUser by, Guid matchId, string reason = "Der Termin entfällt.") =>
        await ReadSuccessAsync(await PostMoveAsync(by.Client, matchId, "cancel", new { reason }));

    /// <summary>The requester proposes, the provider accepts; returns the accepted match.</summary>
    public async Task<JsonElement> AcceptedMatchAsync(MatchParties parties)
    {
        var proposed = await ProposeAsync(parties);
        return (await AcceptAsync(parties.Provider.Owner, proposed.Id())).GetProperty("match");
    }

    /// <summary>Moves a match's windows and bookings <paramref name="by"/> into the past, as time would.</summary>
    public Task MoveMatchIntoPastAsync(Guid matchId, TimeSpan by) =>
        ExecuteSqlAsync(
            """
            UPDATE match SET starts_at = starts_at - @value, ends_at = ends_at - @value WHERE id = @id;
            UPDATE match_window SET during = tstzrange(lower(during) - @value, upper(during) - @value, '[)') WHERE match_id = @id;
            UPDATE booking SET during = tstzrange(lower(during) - @value, upper(during) - @value, '[)') WHERE match_id = @id;
            """,
            matchId, by);

    /// <summary>Runs the completion job's work once.</summary>
    public Task<int> CompleteDueMatchesAsync() => Services.GetRequiredService<MatchStore>().CompleteDueAsync(CancellationToken.None);

    /// <summary>Runs one query with the parameter @id on this app's database and returns its single value.</summary>
    public async Task<T> QueryScalarAsync<T>(string sql, Guid id)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        command.Parameters.AddWithValue("id", id);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The notifications about matches (proposals, bookings, messages) in an association's inbox, oldest first.</summary>
    public async Task<IReadOnlyList<(string Kind, JsonElement Data)>> NotificationsOfAsync(Guid associationId)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT kind, data::text FROM notification WHERE association_id = @id AND match_id IS NOT NULL ORDER BY created_at, id", conn);
        command.Parameters.AddWithValue("id", associationId);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<(string, JsonElement)>();
        while (await reader.ReadAsync())
        {
            result.Add((reader.GetString(0), JsonDocument.Parse(reader.GetString(1)).RootElement.Clone()));
        }

        return result;
    }
}
