using System.Collections.Concurrent;
using System.Net.Http.Headers;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Faults;

/// <summary>
/// The API process killed with SIGKILL (kill -9) while clients create listings and accept proposals, and started
/// again: nothing is half-written, and every request sent again with its key after the restart gets exactly one
/// result, the first answer where there was one.
/// </summary>
public sealed class ApiCrashTests(FaultApp app) : IClassFixture<FaultApp>
{
    private const int Creators = 5;
    private const int Acceptors = 3;
    private const int Proposals = 20;

    [Fact]
    public async Task Api_killed_during_writes_and_restarted_leaves_nothing_half_written_and_one_result_per_key()
    {
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var (provider, matches) = await app.ProposalsAsync(Proposals);
        var proposals = new ConcurrentQueue<Guid>(matches);
        var sent = new ConcurrentQueue<Sent>();
        var answers = new Answers();

        var first = await StartAsync();
        using (var asOwner = first.Client(owner))
        using (var asProvider = first.Client(provider))
        {
            var writers = Enumerable.Range(0, Creators).Select(_ => CreateUntilCutOffAsync(asOwner))
                .Concat(Enumerable.Range(0, Acceptors).Select(_ => AcceptUntilCutOffAsync(asProvider)))
                .ToArray();
            await Condition.WaitAsync(
                () => sent.Count(s => s.Answer is not null && s.MatchId is null) >= 2 * Creators
                    && sent.Count(s => s.Answer is not null && s.MatchId is not null) >= Acceptors,
                "listings created and proposals accepted");
            // Disposing kills the process and its children with SIGKILL, as kill -9 does: no shutdown, no last words.
            await first.Process.DisposeAsync();
            await Task.WhenAll(writers);
        }

        Assert.All(sent.Where(s => s.Answer is not null), s => Assert.True(s.Answer!.IsSuccess, s.Answer.Body));
        Assert.Contains(sent, s => s.Answer is null);
        var second = await StartAsync();
        await using (second.Process)
        using (var asOwner = second.Client(owner))
        using (var asProvider = second.Client(provider))
        {
            var retried = await Task.WhenAll(sent.Select(async request =>
                (Request: request, Again: await answers.UntilDoneAsync(request.MatchId is null ? asOwner : asProvider, request.Build))));
            var listings = await Consistency.ListingsByTitleAsync(app.ConnectionString, sent.Select(s => s.Title).OfType<string>());
            var accepted = await Consistency.MatchesAsync(app.ConnectionString, sent.Select(s => s.MatchId).OfType<Guid>());
            foreach (var (request, again) in retried)
            {
                if (request.Answer is { } answer)
                {
                    Assert.True(again.Replayed, "an answered request is replayed, not run again");
                    Assert.Equal(answer.Body, again.Body);
                }

                if (request.MatchId is { } matchId)
                {
                    Assert.Equal(matchId, again.Json.GetProperty("match").Id());
                    Assert.Equal(("accepted", 1L), accepted[matchId]);
                }
                else
                {
                    Assert.Equal([again.Json.Id()], listings[request.Title!]);
                }
            }
        }

        answers.AssertEveryAnswerActionable();
        await Consistency.AssertNothingHalfWrittenAsync(app.ConnectionString);

        async Task CreateUntilCutOffAsync(HttpClient client)
        {
            while (true)
            {
                var body = ListingBodies.Valid(associationId);
                var key = Guid.NewGuid().ToString();
                if (!await SendAsync(client, new Sent(() => FaultApp.CreateListing(body, key), body["title"]!.GetValue<string>(), null)))
                {
                    return;
                }
            }
        }

        async Task AcceptUntilCutOffAsync(HttpClient client)
        {
            while (proposals.TryDequeue(out var matchId))
            {
                var key = Guid.NewGuid().ToString();
                if (!await SendAsync(client, new Sent(() => FaultApp.Accept(matchId, key), null, matchId)))
                {
                    return;
                }
            }
        }

        async Task<bool> SendAsync(HttpClient client, Sent request)
        {
            try
            {
                using var response = await client.SendAsync(request.Build());
                sent.Enqueue(request with { Answer = await answers.AddAsync(response) });
                return true;
            }
            catch (HttpRequestException)
            {
                sent.Enqueue(request);
                return false;
            }
        }
    }

    /// <summary>Starts the built API on this class's database and waits until it listens.</summary>
    private async Task<RunningApi> StartAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = app.DataConnectionString,
            ["Database__MigrateOnStartup"] = "false",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Auth__SigningKey"] = ResourceShareApp.SigningKey,
            ["RateLimiting__PermitLimit"] = "100000",
        };
        foreach (var (key, value) in FaultApp.RaisedLimits)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = ApiProcess.Start(environment);
        try
        {
            var listening = await process.WaitForLogAsync(e => e.GetProperty("Category").GetString() == "Microsoft.Hosting.Lifetime"
                && e.GetProperty("State").TryGetProperty("address", out _));
            return new RunningApi(process, new Uri(listening.GetProperty("State").GetProperty("address").GetString()!));
        }
        catch
        {
            // A process that did not come up in time must not outlive the test.
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>A write a client sent: how to build it again with the same key, what it is about, and its answer if one came.</summary>
    private sealed record Sent(Func<HttpRequestMessage> Build, string? Title, Guid? MatchId, Answer? Answer = null);

    private sealed record RunningApi(ApiProcess Process, Uri Address)
    {
        public HttpClient Client(TestUser user) => new()
        {
            BaseAddress = Address,
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken) },
        };
    }
}
