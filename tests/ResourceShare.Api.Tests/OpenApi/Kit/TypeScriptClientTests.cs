using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.OpenApi.Kit;

/// <summary>
/// The TypeScript kit (tools/client-typescript): openapi-typescript generates the types from the served document,
/// the scenario compiles with tsc --strict against them and runs with openapi-fetch against the API on Kestrel,
/// whose answers the conformance check sees like every other test's.
/// </summary>
public sealed class TypeScriptClientTests(KestrelApp app) : IClassFixture<KestrelApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private static readonly string Kit = Path.Combine(Repository.Root, "tools", "client-typescript");

    [Fact]
    public async Task The_generated_client_compiles_strictly_and_runs_the_scenario_from_registration_to_a_proposal()
    {
        var moderator = await app.SignInWithRoleAsync("moderator");
        using var client = app.CreateClient();
        await File.WriteAllTextAsync(Path.Combine(Kit, "openapi.json"), await client.GetStringAsync("/openapi/v1.json"));

        await NodeAsync("node_modules/openapi-typescript/bin/cli.js", "openapi.json", "--output", "generated/api.d.ts");
        await NodeAsync("node_modules/typescript/bin/tsc", "--project", "tsconfig.json");
        var run = await NodeAsync("run.mjs", app.BaseAddress, moderator.Email, moderator.Password);

        Assert.Contains("publishing the offer again is a 409 with currentStatus", run.Output);
    }

    [Fact]
    public async Task Every_pattern_of_the_document_is_an_ECMA_262_regular_expression()
    {
        using var client = app.CreateClient();
        var document = Path.Combine(Path.GetTempPath(), $"resourceshare-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await client.GetStringAsync("/openapi/v1.json"));
        try
        {
            await NodeAsync("check-patterns.mjs", document);
        }
        finally
        {
            File.Delete(document);
        }
    }

    private static async Task<ToolRun> NodeAsync(params string[] arguments)
    {
        if (!Directory.Exists(Path.Combine(Kit, "node_modules")))
        {
            throw new InvalidOperationException($"The TypeScript kit is not installed: run scripts/test, which runs npm ci in {Kit}.");
        }

        var run = await Tool.RunAsync("node", Kit, Patience, arguments);
        Assert.True(run.ExitCode == 0, $"node {string.Join(' ', arguments)} failed: {run}");
        return run;
    }
}
