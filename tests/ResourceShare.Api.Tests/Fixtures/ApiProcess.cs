using System.Diagnostics;
using System.Text.Json;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>
/// The built API (ResourceShare.Api.dll, copied beside the test assembly) run as a process of its own, as it
/// runs in production, with its console output kept line by line.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    // Only a failing test waits this long; a loaded machine may take half a minute to start the process.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly Process process;
    private readonly List<string> lines = [];
    private readonly SemaphoreSlim lineAdded = new(0);

    private ApiProcess(Process process) => this.process = process;

    public string Output
    {
        get
        {
            lock (lines)
            {
                return string.Join('\n', lines);
            }
        }
    }

    public static ApiProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        StartIn(AppContext.BaseDirectory, environment, arguments);

    /// <summary>Starts the API with <paramref name="workingDirectory"/> as its current directory.</summary>
    public static ApiProcess StartIn(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ResourceShare.Api.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // The test run's own owner connection (scripts/test) would send the process's migrations elsewhere.
        start.Environment.Remove("ConnectionStrings__Migrations");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var api = new ApiProcess(new Process { StartInfo = start });
        api.process.OutputDataReceived += (_, e) => api.Add(e.Data);
        api.process.ErrorDataReceived += (_, e) => api.Add(e.Data);
        api.process.Start();
        api.process.BeginOutputReadLine();
        api.process.BeginErrorReadLine();
        return api;
    }

    /// <summary>Waits for the process to end and for all of its output to be read.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    /// <summary>The first JSON log entry that <paramref name="match"/> accepts, waiting for it if need be.</summary>
    public async Task<JsonElement> WaitForLogAsync(Func<JsonElement, bool> match) =>
        ParseLog(await WaitForLineAsync(line => ParseLog(line) is { } entry && match(entry)))!.Value;

    /// <summary>The first output line that <paramref name="match"/> accepts, waiting for it if need be.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var next = 0;
        try
        {
            while (true)
            {
                string[] fresh;
                lock (lines)
                {
                    fresh = lines.Skip(next).ToArray();
                    next = lines.Count;
                }

                foreach (var line in fresh)
                {
                    if (match(line))
                    {
                        return line;
                    }
                }

                await lineAdded.WaitAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The API logged nothing matching within {Patience}. Its output:\n{Output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }

        lineAdded.Release();
    }

    private static JsonElement? ParseLog(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
