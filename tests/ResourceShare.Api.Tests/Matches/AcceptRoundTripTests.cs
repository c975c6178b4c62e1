using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Matches;

/// <summary>An accept costs the same few round trips to the database however many occurrences it books.</summary>
public sealed class AcceptRoundTripTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    /// <summary>Every 7 days from two days ahead, <paramref name="weeks"/> times, 18:00–20:00 (Berlin).</summary>
    private static Action<JsonObject> Weekly(int weeks)
    {
        var first = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2);
        return b => b["schedule"] = new JsonObject
        {
            ["weekly"] = new JsonArray(new JsonObject
            {
                ["days"] = new JsonArray(first.DayOfWeek.ToString().ToLowerInvariant()),
                ["from"] = "18:00",
                ["to"] = "20:00",
                ["startDate"] = first.ToString("O"),
                ["endDate"] = first.AddDays(7 * (weeks - 1)).ToString("O"),
            }),
        };
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public async Task An_accept_is_three_commands_and_a_commit_however_many_occurrences_it_books(int weeks)
    {
        var parties = await app.CreateMatchPartiesAsync(request: Weekly(weeks), offer: Weekly(weeks));
        var proposed = await app.ProposeAsync(parties);

        // The request carries the test's trace (traceparent), so the commands run for it share the test's trace id;
        // the background jobs' commands do not.
        using var source = new ActivitySource(nameof(AcceptRoundTripTests));
        var commands = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = listened => listened.Name is "Npgsql" or "Microsoft.AspNetCore" or nameof(AcceptRoundTripTests),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        HttpResponseMessage response;
        using (var accept = source.StartActivity("accept")!)
        {
            listener.ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && activity.TraceId == accept.TraceId)
                {
                    commands.Enqueue(activity.GetTagItem("db.query.text") as string ?? activity.DisplayName);
                }
            };
            var message = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/matches/{proposed.Id()}/accept");
            message.Headers.Add("traceparent", accept.Id);
            response = await parties.Provider.Owner.Client.SendAsync(message);
        }

        var accepted = await response.JsonAsync(HttpStatusCode.OK);

        Assert.Equal(weeks, accepted.GetProperty("booked").GetArrayLength());
        // Lock the match; lock the offer and read the occurrences; book, move and read the answer. The commit is not
        // a command of its own; a signed-in member's token costs no statement (an API key would add one).
        Assert.True(commands.Count == 3, $"{commands.Count} commands:\n" + string.Join("\n---\n", commands));
    }
}
