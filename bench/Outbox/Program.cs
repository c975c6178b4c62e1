using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ResourceShare.Bench.Outbox;

const string usage = """
    W8 of the benchmark (bench/README.md): writes messages through the API at a fixed rate, each a message_received
    event for the other side of a bulk match, receives their webhooks on a loopback receiver that verifies every
    signature, and reports the lag from each event's timestamp to its arrival.

      ResourceShare.Bench.Outbox --api <base URL> --targets <file> --rate <events/s> --duration <s> [--drain <s>]

    The targets file has one bulk match a line, tab-separated: match id, requester's API key, provider's association
    id, provider's API key (with webhooks:write). Prints one JSON line; exit codes: 0 every event arrived, verified,
    1 events lost, signatures that failed or the API refused, 2 wrong arguments.
    """;

string? api = null, targetsFile = null;
double rate = 0, duration = 0, drain = 30;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--api" when value is not null:
            api = value;
            break;
        case "--targets" when value is not null:
            targetsFile = value;
            break;
        case "--rate" when Positive(value, out var r):
            rate = r;
            break;
        case "--duration" when Positive(value, out var d):
            duration = d;
            break;
        case "--drain" when Positive(value, out var d):
            drain = d;
            break;
        default:
            Console.Error.WriteLine($"Unknown or incomplete argument: {args[i]}\n\n{usage}");
            return 2;
    }

    i++;
}

if (api is null || targetsFile is null || rate == 0 || duration == 0)
{
    Console.Error.WriteLine(usage);
    return 2;
}

var targets = File.ReadAllLines(targetsFile).Where(line => line.Length > 0).Select(line => line.Split('\t'))
    .Select(f => new Target(Guid.Parse(f[0]), f[1], Guid.Parse(f[2]), f[3])).ToArray();
if (targets.Length == 0)
{
    Console.Error.WriteLine($"{targetsFile} names no bulk match.");
    return 1;
}

using var client = new HttpClient { BaseAddress = new Uri(api), Timeout = TimeSpan.FromSeconds(30) };
var calls = new Api(client);
await using var receiver = await Receiver.StartAsync(targets.Length);
var endpoints = new Guid[targets.Length];
for (var k = 0; k < targets.Length; k++)
{
    await calls.DeleteLeftoversAsync(targets[k]);
    var (id, secret) = await calls.RegisterAsync(targets[k], receiver.Url(k));
    endpoints[k] = id;
    receiver.Trust(k, secret);
}

// Open loop: event i is written at i / rate seconds, whether or not the earlier ones have been answered, so that a
// slow API does not lower the rate. The events go round the bulk matches, each match's provider one endpoint.
var total = (int)Math.Round(rate * duration);
var generated = new int[targets.Length];
var refused = new Dictionary<int, int>();
var clock = Stopwatch.StartNew();
var writes = new List<Task>(total);
for (var i = 0; i < total; i++)
{
    var wait = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
    if (wait > TimeSpan.Zero)
    {
        await Task.Delay(wait);
    }

    var k = i % targets.Length;
    writes.Add(Write(k, $"W8-Nachricht {i}: Passt der Termin noch?"));
}

await Task.WhenAll(writes);
var generating = clock.Elapsed;

// The drain: until every endpoint has as many messages as its events, or the drain time is over.
var drainClock = Stopwatch.StartNew();
while (Enumerable.Range(0, targets.Length).Any(k => receiver.Delivered(k) < Volatile.Read(ref generated[k])) && drainClock.Elapsed.TotalSeconds < drain)
{
    await Task.Delay(50);
}

var drained = drainClock.Elapsed;
for (var k = 0; k < targets.Length; k++)
{
    await calls.DeleteAsync(targets[k], endpoints[k]);
}

var (lags, duplicates, unverified) = receiver.Totals();
var lost = Enumerable.Range(0, targets.Length).Sum(k => Math.Max(0, generated[k] - receiver.Delivered(k)));
var unexpected = Enumerable.Range(0, targets.Length).Sum(k => Math.Max(0, receiver.Delivered(k) - generated[k]));
var sorted = lags.Select(l => l.TotalMilliseconds).Order().ToArray();
var result = new Dictionary<string, object>
{
    ["endpoints"] = targets.Length,
    ["rate"] = rate,
    ["generated"] = generated.Sum(),
    ["generated_per_s"] = Math.Round(generated.Sum() / generating.TotalSeconds, 1),
    ["refused"] = refused.Values.Sum(),
    ["delivered"] = sorted.Length,
    ["lost"] = lost,
    ["unexpected"] = unexpected,
    ["duplicates"] = duplicates,
    ["unverified"] = unverified,
    ["p50_ms"] = Percentile(sorted, 50),
    ["p95_ms"] = Percentile(sorted, 95),
    ["p99_ms"] = Percentile(sorted, 99),
    ["max_ms"] = sorted.Length == 0 ? 0 : Math.Round(sorted[^1], 1),
    ["drain_s"] = Math.Round(drained.TotalSeconds, 1),
};
Console.WriteLine(JsonSerializer.Serialize(result));
if (lost > 0 || unverified > 0 || refused.Count > 0)
{
    Console.Error.WriteLine($"W8: {lost} of {generated.Sum()} events lost (not delivered within {drain:0.#} s), {unverified} signatures failed, " +
                            $"{refused.Values.Sum()} messages refused by the API (status×count, 0 = no answer: " +
                            string.Join(", ", refused.OrderBy(r => r.Key).Select(r => $"{r.Key}×{r.Value}")) + ").");
    return 1;
}

return 0;

async Task Write(int k, string body)
{
    var status = await calls.PostMessageAsync(targets[k], body);
    if (status == 201)
    {
        Interlocked.Increment(ref generated[k]);
        return;
    }

    lock (refused)
    {
        refused[status] = refused.GetValueOrDefault(status) + 1;
    }
}

static bool Positive(string? text, out double value) =>
    double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value > 0;

// The nearest-rank percentile, as bench/run computes pgbench's.
static double Percentile(double[] sorted, int p) =>
    sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1)], 1);
