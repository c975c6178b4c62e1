using Xunit.Abstractions;

namespace ResourceShare.Api.Tests.OpenApi.Conformance;

/// <summary>
/// Runs after every other test of the run (a collection without parallelization, ordered last by
/// <see cref="ConformanceLastOrderer"/>): xunit runs such collections only when all parallel ones have finished.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConformanceCollection
{
    public const string Name = "OpenAPI conformance of the whole run";
}

[Collection(ConformanceCollection.Name)]
public sealed class OpenApiConformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_answer_of_the_run_is_described_by_the_openapi_document()
    {
        var recorders = ConformanceRecorder.All.ToList();
        var answers = recorders.SelectMany(r => r.Answers).GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Sum(a => a.Value));
        output.WriteLine($"{answers.Values.Sum()} answers of {answers.Keys.Select(k => k.Operation).Distinct().Count()} operations, " +
                         $"{answers.Count} (operation, status) pairs, checked against /openapi/v1.json:");
        foreach (var ((operation, status), count) in answers.OrderBy(a => a.Key.Operation, StringComparer.Ordinal).ThenBy(a => a.Key.Status))
        {
            output.WriteLine($"  {operation} {status} ×{count}");
        }

        var violations = recorders.SelectMany(r => r.TakeViolations()).ToList();

        Assert.True(violations.Count == 0,
            $"The API gave {violations.Count} answer(s) that its OpenAPI document (/openapi/v1.json) does not describe. Declare what " +
            "the endpoint answers (README, \"OpenAPI\"), or fix the answer:\n\n" + string.Join("\n\n", violations));
    }
}
