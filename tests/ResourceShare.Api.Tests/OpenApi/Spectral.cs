using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.OpenApi;

/// <summary>A Spectral result; severity 0 is an error, 1 a warning, 2 information, 3 a hint.</summary>
public sealed record SpectralFinding(string Code, string Message, IReadOnlyList<string> Path, int Severity)
{
    public bool FailsTheGate => Severity <= 1;

    public override string ToString() =>
        $"{(Severity == 0 ? "error" : Severity == 1 ? "warning" : "info")} {Code} at {string.Join('.', Path)}: {Message}";
}

/// <summary>
/// Runs the Spectral CLI pinned in tools/openapi-lint with its ruleset (.spectral.yaml) over an OpenAPI document.
/// </summary>
public static class Spectral
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<IReadOnlyList<SpectralFinding>> LintAsync(string document)
    {
        var tool = Path.Combine(Repository.Root, "tools", "openapi-lint");
        var cli = Path.Combine(tool, "node_modules", "@stoplight", "spectral-cli", "dist", "index.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException(
                $"The OpenAPI linter is not installed ({cli} is missing): run scripts/test, which runs npm ci in {tool}.");
        }

        var file = Path.Combine(Path.GetTempPath(), $"resourceshare-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var run = await Tool.RunAsync("node", tool, Timeout,
                cli, "lint", file, "--ruleset", Path.Combine(tool, ".spectral.yaml"), "--format", "json", "--quiet");
            return Parse(run.Output, run.Errors, run.ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // Spectral exits 1 when it found errors and still prints them; anything it cannot parse is a failure of the run.
    private static List<SpectralFinding> Parse(string output, string errors, int exitCode)
    {
        try
        {
            using var results = JsonDocument.Parse(output);
            return results.RootElement.EnumerateArray()
                .Select(r => new SpectralFinding(
                    r.GetProperty("code").ToString(),
                    r.GetProperty("message").GetString() ?? "",
                    r.GetProperty("path").EnumerateArray().Select(p => p.ToString()).ToList(),
                    r.GetProperty("severity").GetInt32()))
                .ToList();
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Spectral exited with {exitCode} without JSON results.\n{errors}\n{output}", e);
        }
    }
}
