using System.ComponentModel;
using System.Diagnostics;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>What a command-line tool printed and how it ended.</summary>
public sealed record ToolRun(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit code {ExitCode}\n{Output}\n{Errors}".Trim();
}

/// <summary>Runs the command-line tools the suite checks the API with (Node.js, the .NET SDK's local tools).</summary>
public static class Tool
{
    public static async Task<ToolRun> RunAsync(string program, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is needed here; run scripts/test, which installs what the suite needs.", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end within {timeout}.");
            }

            return new ToolRun(process.ExitCode, await output, await errors);
        }
    }
}
