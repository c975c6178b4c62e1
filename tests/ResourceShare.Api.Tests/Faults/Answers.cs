using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Faults;

/// <summary>
/// Every answer a fault test received, and the rule a client follows under faults: an answer with Retry-After
/// (503 while the database is away or slow, 409 while the first request with the same key still runs) is sent
/// again, with the same Idempotency-Key, until a 2xx arrives. The tests wait less than Retry-After asks, to stay
/// short; the server must cope with eager clients too.
/// </summary>
public sealed class Answers
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly ConcurrentQueue<Answer> all = new();

    public int Count(HttpStatusCode status) => all.Count(a => a.Status == status);

    /// <summary>Reads and keeps the answer.</summary>
    public async Task<Answer> AddAsync(HttpResponseMessage response)
    {
        var answer = await Answer.ReadAsync(response);
        all.Enqueue(answer);
        return answer;
    }

    /// <summary>
    /// Sends the request that <paramref name="request"/> builds (anew for each try) until it is answered with
    /// a 2xx, retrying what carries Retry-After; returns the 2xx answer.
    /// </summary>
    public async Task<Answer> UntilDoneAsync(HttpClient client, Func<HttpRequestMessage> request)
    {
        using var patience = new CancellationTokenSource(Patience);
        Answer? last = null;
        while (!patience.IsCancellationRequested)
        {
            using var message = request();
            using var response = await client.SendAsync(message, CancellationToken.None);
            last = await AddAsync(response);
            if (last.IsSuccess)
            {
                return last;
            }

            if (last.RetryAfter is null)
            {
                Assert.Fail($"{message.Method} {message.RequestUri} answered {(int)last.Status} without Retry-After: {last.Body}");
            }

            await Task.Delay(Pause, CancellationToken.None);
        }

        throw new TimeoutException($"No 2xx within {Patience}; the last answer was {(int?)last?.Status}: {last?.Body}");
    }

    /// <summary>
    /// Every answer was a success, a 4xx, or a 503 service-unavailable problem with Retry-After: never a 500,
    /// never an answer that leaves the client without a next step.
    /// </summary>
    public void AssertEveryAnswerActionable()
    {
        Assert.All(all, answer =>
        {
            Assert.True(answer.IsSuccess || (int)answer.Status is >= 400 and < 500 || answer.Status == HttpStatusCode.ServiceUnavailable,
                $"Answered {(int)answer.Status}: {answer.Body}");
            if (answer.Status == HttpStatusCode.ServiceUnavailable)
            {
                Assert.True(answer.RetryAfter > TimeSpan.Zero, $"503 without Retry-After: {answer.Body}");
                Assert.Equal(Problem.TypeUri("service-unavailable"), JsonDocument.Parse(answer.Body).RootElement.GetProperty("type").GetString());
            }
        });
    }
}

public sealed record Answer(HttpStatusCode Status, TimeSpan? RetryAfter, bool Replayed, string Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public static async Task<Answer> ReadAsync(HttpResponseMessage response) => new(
        response.StatusCode, response.Headers.RetryAfter?.Delta, response.Headers.Contains("Idempotent-Replayed"),
        await response.Content.ReadAsStringAsync());
}
