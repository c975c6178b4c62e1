using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Faults;

/// <summary>
/// The database ends the API's connections while clients write: every answer still tells the client what to do,
/// every write is whole or absent, and a client that retries with its Idempotency-Key gets exactly one result.
/// </summary>
public sealed class ConnectionKillTests(FaultApp app) : IClassFixture<FaultApp>
{
    private const int Clients = 50;

    /// <summary>How long connections are killed before the clients may finish in peace.</summary>
    private static readonly TimeSpan KillingTime = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Connections_killed_in_a_loop_while_fifty_clients_create_and_accept_leave_no_500_and_no_half_write()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var (provider, matches) = await app.ProposalsAsync(Clients);
        var listings = Enumerable.Range(0, Clients).Select(_ => (Body: ListingBodies.Valid(associationId), Key: Guid.NewGuid().ToString())).ToArray();
        var acceptKeys = Enumerable.Range(0, Clients).Select(_ => Guid.NewGuid().ToString()).ToArray();
        var answers = new Answers();
        Assert.True(await BackendKiller.KillAllAsync(app.ConnectionString) > 0, "the API holds pooled connections, now dead");

        var killer = BackendKiller.Start(app.ConnectionString, TimeSpan.FromMilliseconds(25));
        Task<(Answer Created, Answer Accepted)[]> clients;
        try
        {
            clients = Task.WhenAll(Enumerable.Range(0, Clients).Select(ClientAsync));
            await Task.WhenAny(clients, Task.Delay(KillingTime));
        }
        finally
        {
            await killer.DisposeAsync();
        }

        var results = await clients;

        answers.AssertEveryAnswerActionable();
        Assert.True(answers.Count(HttpStatusCode.ServiceUnavailable) > 0, "some requests met a killed connection");
        Assert.True(killer.Terminated > 0);
        var titles = listings.Select(l => l.Body["title"]!.GetValue<string>()).ToArray();
        var stored = await Consistency.ListingsByTitleAsync(app.ConnectionString, titles);
        var accepted = await Consistency.MatchesAsync(app.ConnectionString, matches);
        var again = await Task.WhenAll(Enumerable.Range(0, Clients).Select(async i => (
            Created: await SendAgainAsync(owner, FaultApp.CreateListing(listings[i].Body, listings[i].Key)),
            Accepted: await SendAgainAsync(provider, FaultApp.Accept(matches[i], acceptKeys[i])))));
        for (var i = 0; i < Clients; i++)
        {
            Assert.Equal([results[i].Created.Json.Id()], stored[titles[i]]);
            Assert.Equal(results[i].Created.Body, again[i].Created.Body);
            Assert.Equal(1, results[i].Accepted.Json.GetProperty("booked").GetArrayLength());
            Assert.Equal(("accepted", 1L), accepted[matches[i]]);
            Assert.Equal(results[i].Accepted.Body, again[i].Accepted.Body);
        }

        await Consistency.AssertNothingHalfWrittenAsync(app.ConnectionString);

        async Task<(Answer, Answer)> ClientAsync(int i)
        {
            using var asOwner = app.CreateClientWithToken(owner.AccessToken);
            using var asProvider = app.CreateClientWithToken(provider.AccessToken);
            var created = await answers.UntilDoneAsync(asOwner, () => FaultApp.CreateListing(listings[i].Body, listings[i].Key));
            var accepted = await answers.UntilDoneAsync(asProvider, () => FaultApp.Accept(matches[i], acceptKeys[i]));
            return (created, accepted);
        }
    }

    [Fact]
    public async Task Connection_lost_while_the_answer_is_stored_then_the_retry_creates_the_listing_exactly_once()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var body = ListingBodies.Valid(associationId);
        var key = Guid.NewGuid().ToString();
        await KillOnceWhenStoringAnswerAsync(key);
        var answers = new Answers();

        using var lost = await owner.Client.SendAsync(FaultApp.CreateListing(body, key));
        var lostAnswer = await answers.AddAsync(lost);
        // The ended connection's server process may still hold the key's lock for a moment: the retry then waits.
        var created = await answers.UntilDoneAsync(owner.Client, () => FaultApp.CreateListing(body, key));
        var again = await answers.UntilDoneAsync(owner.Client, () => FaultApp.CreateListing(body, key));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, lostAnswer.Status);
        answers.AssertEveryAnswerActionable();
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.False(created.Replayed, "the request whose connection was lost left nothing behind");
        Assert.True(again.Replayed);
        Assert.Equal(created.Body, again.Body);
        Assert.Equal([created.Json.Id()], await Consistency.ListingIdsAsync(app.ConnectionString, body["title"]!.GetValue<string>()));
        await Consistency.AssertNothingHalfWrittenAsync(app.ConnectionString);
    }

    [Fact]
    public async Task Reply_lost_after_the_commit_then_the_retry_replays_the_first_answer()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var (provider, matches) = await app.ProposalsAsync(1);
        var body = ListingBodies.Valid(associationId);
        var (listingKey, acceptKey) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());

        var lostCreate = await Record.ExceptionAsync(() => owner.Client.SendAsync(LoseReply(FaultApp.CreateListing(body, listingKey))));
        var lostAccept = await Record.ExceptionAsync(() => provider.Client.SendAsync(LoseReply(FaultApp.Accept(matches[0], acceptKey))));
        var created = await owner.Client.SendAsync(FaultApp.CreateListing(body, listingKey));
        var accepted = await provider.Client.SendAsync(FaultApp.Accept(matches[0], acceptKey));

        Assert.NotNull(lostCreate);
        Assert.NotNull(lostAccept);
        var listing = await created.JsonAsync(HttpStatusCode.Created);
        Assert.True(created.Headers.Contains("Idempotent-Replayed"), "the listing was created by the request whose reply was lost");
        Assert.Equal([listing.Id()], await Consistency.ListingIdsAsync(app.ConnectionString, body["title"]!.GetValue<string>()));
        var match = await accepted.JsonAsync(HttpStatusCode.OK);
        Assert.True(accepted.Headers.Contains("Idempotent-Replayed"), "the proposal was accepted by the request whose reply was lost");
        Assert.Equal(1, match.GetProperty("booked").GetArrayLength());
        Assert.Equal(1L, await app.QueryScalarAsync<long>("SELECT count(*) FROM booking WHERE match_id = @id", matches[0]));
    }

    private static HttpRequestMessage LoseReply(HttpRequestMessage request)
    {
        request.Headers.Add(FaultApp.LoseReplyHeader, "1");
        return request;
    }

    /// <summary>A client that sends a request once more after it succeeded: the answer is the first one, replayed.</summary>
    private static async Task<Answer> SendAgainAsync(TestUser user, HttpRequestMessage request)
    {
        using var response = await user.Client.SendAsync(request);
        var answer = await Answer.ReadAsync(response);
        Assert.True(answer.IsSuccess && answer.Replayed, $"{(int)answer.Status}: {answer.Body}");
        return answer;
    }

    /// <summary>
    /// Makes the database end the connection of the request with <paramref name="key"/> at the moment its answer
    /// is stored for replay, once: after the request's write, before its answer is kept.
    /// </summary>
    private async Task KillOnceWhenStoringAnswerAsync(string key)
    {
        var name = "kill_once_" + Guid.NewGuid().ToString("N");
        // Names come from a Guid and the key is a Guid: nothing from outside the test is spliced into the DDL. The
        // function runs as the schema's owner (SECURITY DEFINER): the API's role has no right to the test's sequence.
        var ddl = $"""
            CREATE SEQUENCE {name};
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
            BEGIN
                IF nextval('{name}') = 1 THEN
                    PERFORM pg_terminate_backend(pg_backend_pid());
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON idempotency_key
               FOR EACH ROW WHEN (NEW.key = '{Guid.Parse(key)}' AND NEW.status IS NOT NULL) EXECUTE FUNCTION {name}();
            """;
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(ddl, conn);
        await command.ExecuteNonQueryAsync();
    }
}
