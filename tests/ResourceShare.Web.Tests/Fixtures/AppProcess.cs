using System.Diagnostics;

namespace ResourceShare.Web.Tests.Fixtures;

/// <summary>A built assembly of the product run with <c>dotnet</c>, its output written to a log file.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    private AppProcess(Process process, StreamWriter log)
    {
        this.process = process;
        this.log = log;
    }

    public string LogPath { get; private init; } = "";

    public bool HasExited => process.HasExited;

    public static AppProcess Start(string assembly, IReadOnlyDictionary<string, string> environment, string logName, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test run's own owner connection (scripts/test) would let the servers connect as the schema's owner.
        start.Environment.Remove("ConnectionStrings__Migrations");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var logPath = Path.Combine(Repository.Results("logs"), logName + ".log");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var app = new AppProcess(new Process { StartInfo = start }, log) { LogPath = logPath };
        app.process.OutputDataReceived += (_, e) => app.Write(e.Data);
        app.process.ErrorDataReceived += (_, e) => app.Write(e.Data);
        app.process.Start();
        app.process.BeginOutputReadLine();
        app.process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Runs a command of the assembly to its end and fails with its log when it does not succeed.</summary>
    public static async Task RunAsync(string assembly, IReadOnlyDictionary<string, string> environment, string logName, params string[] arguments)
    {
        await using var command = Start(assembly, environment, logName, arguments);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await command.process.WaitForExitAsync(timeout.Token);
        if (command.process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{string.Join(' ', arguments)}' exited with {command.process.ExitCode}; see {command.LogPath}");
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
        lock (log)
        {
            log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }
}
