using System.Diagnostics;
using ResourceShare.Web.Tests.Fixtures;

namespace ResourceShare.Web.Tests.ApiClient;

/// <summary>The committed API client (src/Web/ApiClient) is what the pinned generator makes of the API's current document.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GeneratedClientTests(WebApp app)
{
    private static readonly string Committed = Path.Combine(Repository.Root, "src", "Web", "ApiClient");

    [Fact]
    public async Task Committed_client_is_generated_from_the_APIs_current_document()
    {
        var work = Directory.CreateTempSubdirectory("rs-client-");
        try
        {
            var document = Path.Combine(work.FullName, "v1.json");
            await File.WriteAllTextAsync(document, await app.Http.GetStringAsync(app.ApiUrl + "/openapi/v1.json"));
            var generated = Path.Combine(work.FullName, "client");

            await GenerateAsync(document, generated);

            var expected = SourceFiles(generated);
            var actual = SourceFiles(Committed);
            Assert.True(expected.Keys.SequenceEqual(actual.Keys),
                "The committed client's files differ from a fresh generation; run scripts/generate-api-client.\n" +
                $"Missing: {string.Join(", ", expected.Keys.Except(actual.Keys))}\nExtra: {string.Join(", ", actual.Keys.Except(expected.Keys))}");
            var stale = expected.Where(file => file.Value != actual[file.Key]).Select(file => file.Key).ToList();
            Assert.True(stale.Count == 0, "Stale against the API's document; run scripts/generate-api-client:\n" + string.Join('\n', stale));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static SortedDictionary<string, string> SourceFiles(string folder) =>
        new(Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(folder, path), File.ReadAllText), StringComparer.Ordinal);

    private static async Task GenerateAsync(string document, string output)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(Repository.Root, "scripts", "generate-api-client"), "--document", document, "--output", output })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "scripts/generate-api-client failed:\n" + await errors);
    }
}
