using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ResourceShare.Api.Http;
using ResourceShare.Api.OpenApi;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.OpenApi.Conformance;

/// <summary>The API with described endpoints that answer what their description does not say.</summary>
public sealed class MisdescribedApp : ResourceShareApp
{
    public const string Teapot = "/api/v1/test/teapot";
    public const string Extension = "/api/v1/test/extension";
    public const string Conforming = "/api/v1/test/conforming";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, MisdescribedEndpoints>());
    }

    private sealed class MisdescribedEndpoints : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            var routes = app.Properties.Values.OfType<IEndpointRouteBuilder>().Single();
            routes.MapGet(Teapot, () => TypedResults.StatusCode(StatusCodes.Status418ImATeapot))
                .WithName("Teapot").WithSummary("Teapot").WithTag("Test", "Misdescribed on purpose.");
            routes.MapGet(Extension, () => Problems.Of(ProblemType.Conflict, extensions: new Dictionary<string, object?> { ["undeclared"] = 7 }))
                .WithName("UndeclaredExtension").WithSummary("Undeclared").WithTag("Test", "Misdescribed on purpose.")
                .AnswersProblem(StatusCodes.Status409Conflict, "Always.");
            routes.MapGet(Conforming, () => TypedResults.Ok(new HealthFigure("up")))
                .WithName("Conforming").WithSummary("Conforming").WithTag("Test", "Misdescribed on purpose.");
        };
    }
}

public sealed record HealthFigure(string Status);

/// <summary>
/// The conformance check fails on what the document does not describe, names the operation, the status and the
/// answer, and lets a described answer pass. Its own findings are taken here, so that the check of the whole run
/// sees only the product's.
/// </summary>
public sealed class ConformanceRecorderTests(MisdescribedApp app) : IClassFixture<MisdescribedApp>
{
    [Fact]
    public async Task An_undocumented_status_and_an_undeclared_problem_member_are_reported_with_operation_status_and_answer()
    {
        using var client = app.CreateClient();

        using var teapot = await client.GetAsync(MisdescribedApp.Teapot);
        using var extension = await client.GetAsync(MisdescribedApp.Extension);
        var violations = app.Conformance.TakeViolations();

        Assert.Equal((HttpStatusCode)418, teapot.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, extension.StatusCode);
        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.Contains("GET /api/v1/test/teapot (Teapot) answered 418", StringComparison.Ordinal)
            && v.Contains("the status 418 is not documented", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("GET /api/v1/test/extension (UndeclaredExtension) answered 409", StringComparison.Ordinal)
            && v.Contains("at /undeclared", StringComparison.Ordinal) && v.Contains("\"undeclared\":7", StringComparison.Ordinal));
        Assert.Contains(("GET /api/v1/test/teapot", 418), app.Conformance.Answers.Keys);
    }

    [Fact]
    public async Task A_documented_answer_passes()
    {
        using var client = app.CreateClient();

        var body = await client.GetFromJsonAsync<HealthFigure>(MisdescribedApp.Conforming);

        Assert.Equal("up", body?.Status);
        Assert.Empty(app.Conformance.TakeViolations());
    }
}
