using System.Diagnostics;

namespace ResourceShare.Api.Tests.Faults;

/// <summary>Waiting for a state to be reached, not for a time to pass: polls, and fails after a limit.</summary>
public static class Condition
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    public static Task WaitAsync(Func<bool> holds, string what) => WaitAsync(() => Task.FromResult(holds()), what);

    public static async Task WaitAsync(Func<Task<bool>> holds, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await holds())
        {
            Assert.True(clock.Elapsed < Limit, $"Not within {Limit.TotalSeconds} s: {what}");
            await Task.Delay(10);
        }
    }
}
