using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Faults;

/// <summary>
/// Every pooled connection busy with a slow statement: the requests beyond the pool answer a 503 with
/// Retry-After once the connection string's Timeout has passed, and the API recovers when the statements end.
/// </summary>
public sealed class PoolExhaustionTests(PoolExhaustionApp app) : IClassFixture<PoolExhaustionApp>
{
    private const string Search = "/api/v1/places?q=fr";

    [Fact]
    public async Task Requests_beyond_an_exhausted_pool_answer_503_with_Retry_After_within_its_timeout_and_the_API_recovers()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var body = ListingBodies.Valid(associationId);
        var key = Guid.NewGuid().ToString();
        using var client = app.CreateClient();
        var answers = new Answers();

        Task<HttpResponseMessage>[] slow;
        (Answer Answer, TimeSpan Elapsed)[] beyond;
        await using (var placeLock = await TableLock.TakeAsync(app.ConnectionString, "place"))
        {
            slow = Enumerable.Range(0, PoolExhaustionApp.PoolSize).Select(_ => client.GetAsync(Search)).ToArray();
            await placeLock.WaitForApiWaitersAsync(PoolExhaustionApp.PoolSize);
            beyond = await Task.WhenAll(Enumerable.Range(0, 8)
                .Select(_ => TimedAsync(() => client.GetAsync(Search)))
                .Append(TimedAsync(() => owner.Client.SendAsync(FaultApp.CreateListing(body, key)))));
        }

        var released = await Task.WhenAll(slow);

        answers.AssertEveryAnswerActionable();
        Assert.All(beyond, b =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, b.Answer.Status);
            Assert.InRange(b.Elapsed, TimeSpan.Zero, PoolExhaustionApp.Timeout + TimeSpan.FromSeconds(6));
        });
        Assert.All(released, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        using var after = await client.GetAsync(Search);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var created = await answers.UntilDoneAsync(owner.Client, () => FaultApp.CreateListing(body, key));
        Assert.Equal([created.Json.Id()], await Consistency.ListingIdsAsync(app.ConnectionString, body["title"]!.GetValue<string>()));

        async Task<(Answer, TimeSpan)> TimedAsync(Func<Task<HttpResponseMessage>> send)
        {
            var clock = Stopwatch.StartNew();
            using var response = await send();
            return (await answers.AddAsync(response), clock.Elapsed);
        }
    }
}

/// <summary>
/// The API with a pool of two connections and a one-second Timeout to get one. Its background jobs run once at
/// startup and then not for an hour, so that the test alone decides who holds the two connections.
/// </summary>
public sealed class PoolExhaustionApp : ResourceShareApp
{
    public const int PoolSize = 2;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:Default", new NpgsqlConnectionStringBuilder(DataConnectionString)
        {
            MaxPoolSize = PoolSize,
            Timeout = (int)Timeout.TotalSeconds,
        }.ConnectionString);
        builder.UseSetting("Listings:ExpiryIntervalSeconds", "3600");
        builder.UseSetting("Matching:CompletionIntervalSeconds", "3600");
    }
}
