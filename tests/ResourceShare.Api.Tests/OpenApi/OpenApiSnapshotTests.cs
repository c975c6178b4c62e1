using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.OpenApi;

/// <summary>
/// The committed snapshot openapi/v1.json is the document the API serves, and every breaking change between two
/// committed versions of it is named in README's changelog. scripts/openapi-snapshot rewrites the snapshot (this test
/// with OPENAPI_SNAPSHOT=update) and then lists what the changelog still lacks.
/// </summary>
public sealed partial class OpenApiSnapshotTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private const string SnapshotPath = "openapi/v1.json";
    private static readonly string Snapshot = Path.Combine(Repository.Root, SnapshotPath);

    [Fact]
    public async Task The_committed_snapshot_is_the_document_the_API_serves()
    {
        using var client = app.CreateClient();
        var served = await client.GetStringAsync("/openapi/v1.json");
        if (Environment.GetEnvironmentVariable("OPENAPI_SNAPSHOT") == "update")
        {
            await File.WriteAllTextAsync(Snapshot, served.ReplaceLineEndings("\n").TrimEnd() + "\n");
        }

        var differences = Differences(JsonNode.Parse(await File.ReadAllTextAsync(Snapshot)), JsonNode.Parse(served), "#").Take(20).ToList();

        Assert.True(differences.Count == 0,
            $"{SnapshotPath} is not the document the API serves. If the change is intended, run scripts/openapi-snapshot and " +
            "name every breaking change in README's changelog. First differences:\n  " + string.Join("\n  ", differences));
    }

    [Fact]
    public async Task Every_breaking_change_between_committed_snapshots_is_in_the_changelog()
    {
        var versions = await SnapshotVersionsAsync();
        var changelog = Changelog(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "README.md")));

        var missing = versions.Zip(versions.Skip(1))
            .SelectMany(pair => BreakingChanges.Between(pair.First.Document, pair.Second.Document)
                .Where(change => !changelog.Contains(change, StringComparison.Ordinal))
                .Select(change => $"{change}    (in {pair.Second.Name})"))
            .ToList();

        Assert.True(missing.Count == 0,
            "Breaking changes of the API that README's changelog does not name. Add each line, as written here, to the entry of " +
            "the change in README (## Changelog):\n  " + string.Join("\n  ", missing));
    }

    /// <summary>The committed versions of the snapshot, oldest first, and the working copy when it differs from the last.</summary>
    private static async Task<List<(string Name, JsonNode Document)>> SnapshotVersionsAsync()
    {
        // Main's own line: a merge is compared with main before it, not with the commits of the branch it brings.
        var log = await GitAsync("log", "--first-parent", "--format=%h", "--", SnapshotPath);
        var versions = new List<(string Name, JsonNode Document)>();
        foreach (var commit in log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Reverse())
        {
            versions.Add(($"commit {commit}", JsonNode.Parse(await GitAsync("show", $"{commit}:{SnapshotPath}"))!));
        }

        var working = JsonNode.Parse(await File.ReadAllTextAsync(Snapshot))!;
        if (versions.Count == 0 || !JsonNode.DeepEquals(versions[^1].Document, working))
        {
            versions.Add(("the working copy", working));
        }

        return versions;
    }

    private static async Task<string> GitAsync(params string[] arguments)
    {
        var run = await Tool.RunAsync("git", Repository.Root, TimeSpan.FromMinutes(1), arguments);
        Assert.True(run.ExitCode == 0,
            $"git {string.Join(' ', arguments)} failed: the breaking-change check reads the history of {SnapshotPath}, so run it in a clone. {run}");
        return run.Output;
    }

    /// <summary>The text of README's changelog section.</summary>
    private static string Changelog(string readme)
    {
        var match = ChangelogSection().Match(readme);
        Assert.True(match.Success, "README.md has no \"## Changelog\" section.");
        return match.Groups["body"].Value;
    }

    private static IEnumerable<string> Differences(JsonNode? committed, JsonNode? served, string path)
    {
        switch (committed, served)
        {
            case (JsonObject before, JsonObject after):
                foreach (var key in before.Select(p => p.Key).Union(after.Select(p => p.Key)))
                {
                    var place = $"{path}/{key.Replace("~", "~0").Replace("/", "~1")}";
                    if (!before.ContainsKey(key) || !after.ContainsKey(key))
                    {
                        yield return $"{place}: {(before.ContainsKey(key) ? "only in the snapshot" : "only in the served document")}";
                        continue;
                    }

                    foreach (var difference in Differences(before[key], after[key], place))
                    {
                        yield return difference;
                    }
                }

                break;
            default:
                if (!JsonNode.DeepEquals(committed, served))
                {
                    yield return $"{path}: {Shorten(committed)} in the snapshot, {Shorten(served)} served";
                }

                break;
        }
    }

    private static string Shorten(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 120 ? text[..120] + "…" : text;
    }

    [GeneratedRegex(@"^## Changelog\s*$(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ChangelogSection();
}
