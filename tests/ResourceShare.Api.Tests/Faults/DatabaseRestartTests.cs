using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Faults;

/// <summary>
/// The database server stopped and started as an operator does (pg_ctl stop -m fast, start), on a server of the
/// class's own: while it is down every answer is a 503 with Retry-After, and the API recovers by itself.
/// </summary>
public sealed class DatabaseRestartTests(OwnServerApp app) : IClassFixture<OwnServerApp>
{
    private const string Search = "/api/v1/places?q=fr";

    [Fact]
    public async Task Stopped_database_answers_503_with_Retry_After_at_once_and_the_API_recovers_when_it_is_started()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var body = ListingBodies.Valid(associationId);
        var key = Guid.NewGuid().ToString();
        using var integrator = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(owner, associationId, "listings:read"));
        using var client = app.CreateClient();
        var warm = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync(Search)));
        Assert.All(warm, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var answers = new Answers();

        await app.Database.StopAsync();
        var slowest = TimeSpan.Zero;
        // The first requests meet pooled connections the shutdown ended, the later ones a server that refuses; an API
        // key cannot be checked either, which is no reason to call it invalid.
        var requests = Enumerable.Repeat(() => client.GetAsync(Search), 3)
            .Append(() => owner.Client.SendAsync(FaultApp.CreateListing(body, key)))
            .Append(() => integrator.GetAsync($"/api/v1/associations/{associationId}/listings"));
        foreach (var request in requests)
        {
            var clock = Stopwatch.StartNew();
            using var response = await request();
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            await answers.AddAsync(response);
        }

        using var ready = await client.GetAsync("/health/ready");
        await app.Database.StartAsync();

        answers.AssertEveryAnswerActionable();
        Assert.Equal(5, answers.Count(HttpStatusCode.ServiceUnavailable));
        Assert.InRange(slowest, TimeSpan.Zero, OwnServerApp.ConnectTimeout / 2);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        await answers.UntilDoneAsync(client, () => new HttpRequestMessage(HttpMethod.Get, Search));
        await answers.UntilDoneAsync(client, () => new HttpRequestMessage(HttpMethod.Get, "/health/ready"));
        var created = await answers.UntilDoneAsync(owner.Client, () => FaultApp.CreateListing(body, key));
        Assert.Equal([created.Json.Id()], await Consistency.ListingIdsAsync(app.Database.ConnectionString, body["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Database_stopped_and_started_while_clients_write_leaves_every_write_whole_and_one_listing_per_key()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var answers = new Answers();
        var written = new ConcurrentQueue<(string Title, Answer Answer)>();
        using var enough = new CancellationTokenSource();

        var writers = Enumerable.Range(0, 10).Select(_ => WriteUntilEnoughAsync()).ToArray();
        await Condition.WaitAsync(() => written.Count >= 10, "ten listings written");
        await app.Database.StopAsync();
        await Condition.WaitAsync(() => answers.Count(HttpStatusCode.ServiceUnavailable) > 0, "a client told the database is away");
        await app.Database.StartAsync();
        await enough.CancelAsync();
        await Task.WhenAll(writers);

        answers.AssertEveryAnswerActionable();
        foreach (var (title, answer) in written)
        {
            Assert.Equal([answer.Json.Id()], await Consistency.ListingIdsAsync(app.Database.ConnectionString, title));
        }

        await Consistency.AssertNothingHalfWrittenAsync(app.Database.ConnectionString);

        async Task WriteUntilEnoughAsync()
        {
            using var client = app.CreateClientWithToken(owner.AccessToken);
            while (!enough.IsCancellationRequested)
            {
                var body = ListingBodies.Valid(associationId);
                var key = Guid.NewGuid().ToString();
                written.Enqueue((body["title"]!.GetValue<string>(), await answers.UntilDoneAsync(client, () => FaultApp.CreateListing(body, key))));
            }
        }
    }
}
