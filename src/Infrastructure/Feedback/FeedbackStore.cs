using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Matches;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Notifications;
using NotificationWriter = ResourceShare.Infrastructure.Notifications.Notifications;

namespace ResourceShare.Infrastructure.Feedback;

public sealed record FeedbackRow(
    Guid MatchId, Guid FromAssociationId, string FromAssociationName, Guid ToAssociationId, string ToAssociationName, int Rating,
    string? Comment, DateTime CreatedAt);

public abstract record FeedbackOutcome
{
    public sealed record Done(FeedbackRow Row) : FeedbackOutcome;

    public sealed record Refused(Refusal Refusal) : FeedbackOutcome;

    /// <summary>Feedback only follows a completed match.</summary>
    public sealed record NotCompleted(MatchStatus Current) : FeedbackOutcome;

    /// <summary>This side has given its feedback on the match already.</summary>
    public sealed record AlreadyGiven : FeedbackOutcome;

    /// <summary>The caller manages both associations of the match, so neither can rate the other through it.</summary>
    public sealed record BothSides : FeedbackOutcome;
}

/// <summary>
/// Feedback on completed matches, once per side (SPEC "Match proposals, bookings, feedback"). Whoever may read
/// either association's matches (Permission.ReadMatches) sees the match and its feedback; its managers
/// (Permission.ManageMatches) give feedback for their side.
/// </summary>
public sealed class FeedbackStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        f.match_id, f.from_association_id, af.name AS from_association_name, f.to_association_id, at.name AS to_association_name,
        f.rating::int AS rating, f.comment, f.created_at
        """;

    private const string Joins = """
        JOIN association af ON af.id = f.from_association_id
        JOIN association at ON at.id = f.to_association_id
        """;

    public async Task<FeedbackOutcome> GiveAsync(Guid matchId, Caller caller, int rating, string? comment, CancellationToken ct)
    {
        const string insert = """
            INSERT INTO feedback (match_id, from_association_id, to_association_id, rating, comment, given_by)
            VALUES (@MatchId, @From, @To, @Rating, @Comment, @GivenBy)
            ON CONFLICT (match_id, from_association_id) DO NOTHING
            RETURNING match_id
            """;
        const string select = $"""
            SELECT {Columns} FROM feedback f {Joins}
             WHERE f.match_id = @MatchId AND f.from_association_id = @From
            """;
        await using var write = await WriteTransaction.BeginAsync(dataSource, ct);
        var (conn, tx) = write;
        var match = await SidesAsync(conn, tx, matchId, caller, ct);
        if (match is null)
        {
            return new FeedbackOutcome.Refused(Refusal.NotFound);
        }

        if (match.ManagesRequester && match.ManagesProvider)
        {
            return new FeedbackOutcome.BothSides();
        }

        if (!match.ManagesRequester && !match.ManagesProvider)
        {
            return new FeedbackOutcome.Refused(Refusal.Forbidden);
        }

        if (match.ManagesRequester ? match.RequesterSuspended : match.ProviderSuspended)
        {
            return new FeedbackOutcome.Refused(Refusal.Suspended);
        }

        if (match.Status != MatchStatus.Completed)
        {
            return new FeedbackOutcome.NotCompleted(match.Status);
        }

        var (from, to) = match.ManagesRequester ? (match.RequesterId, match.ProviderId) : (match.ProviderId, match.RequesterId);
        var parameters = new { MatchId = matchId, From = from, To = to, Rating = (short)rating, Comment = comment, GivenBy = caller.UserId };
        if (await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(insert, parameters, tx, cancellationToken: ct)) is null)
        {
            return new FeedbackOutcome.AlreadyGiven();
        }

        var row = await conn.QuerySingleAsync<FeedbackRow>(new CommandDefinition(select, parameters, tx, cancellationToken: ct));
        var data = new JsonObject { ["rating"] = rating, ["counterpartName"] = row.FromAssociationName }.ToJsonString();
        await NotificationWriter.WriteAsync(conn, tx, new NotificationEntry(to, NotificationKind.FeedbackReceived, matchId, Data: data), ct);
        await write.CommitAsync(ct);
        return new FeedbackOutcome.Done(row);
    }

    /// <summary>Both sides' feedback on a match (none, one or two), for whoever may see the match; null when they may not.</summary>
    public async Task<IReadOnlyList<FeedbackRow>?> ListAsync(Guid matchId, Caller caller, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {Columns} FROM feedback f {Joins}
             WHERE f.match_id = @MatchId
             ORDER BY f.created_at, f.from_association_id
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await SidesAsync(conn, null, matchId, caller, ct) is null)
        {
            return null;
        }

        return (await conn.QueryAsync<FeedbackRow>(new CommandDefinition(sql, new { MatchId = matchId }, cancellationToken: ct))).AsList();
    }

    /// <summary>The match with what the caller may do on each side; null when the caller may not see it.</summary>
    private static async Task<MatchSides?> SidesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid matchId, Caller caller, CancellationToken ct)
    {
        const string sql = """
            SELECT m.status, m.requester_id, m.provider_id,
                   caller_may(m.requester_id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, false) AS manages_requester,
                   caller_may(m.provider_id, @UserId, @Roles, @KeyAssociationId, @KeyAllowed, false) AS manages_provider,
                   (SELECT verification_status = 'suspended' FROM association WHERE id = m.requester_id) AS requester_suspended,
                   (SELECT verification_status = 'suspended' FROM association WHERE id = m.provider_id) AS provider_suspended
              FROM match m
             WHERE m.id = @MatchId
               AND (caller_may(m.requester_id, @UserId, @ReadRoles, @KeyAssociationId, @KeyReads, false)
                    OR caller_may(m.provider_id, @UserId, @ReadRoles, @KeyAssociationId, @KeyReads, false))
            """;
        var parameters = Access.Parameters(caller, Permission.ManageMatches, new
        {
            MatchId = matchId,
            ReadRoles = EnumText<MembershipRole>.Of(AccessPolicy.RolesFor(Permission.ReadMatches)),
            KeyReads = caller.KeyAllows(Permission.ReadMatches),
        });
        return await conn.QuerySingleOrDefaultAsync<MatchSides>(new CommandDefinition(sql, parameters, tx, cancellationToken: ct));
    }

    private sealed record MatchSides(
        MatchStatus Status, Guid RequesterId, Guid ProviderId, bool ManagesRequester, bool ManagesProvider, bool RequesterSuspended, bool ProviderSuspended);
}
