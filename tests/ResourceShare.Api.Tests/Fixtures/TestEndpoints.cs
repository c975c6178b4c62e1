using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResourceShare.Api.Http;

namespace ResourceShare.Api.Tests.Fixtures;

public sealed record TestAddress(string? PostalCode);

/// <summary>A JSON body like the product's create requests will take: a plain field and a nested one.</summary>
public sealed record TestRequest(string? DisplayName, TestAddress? Address);

public sealed class TestRequestValidator : AbstractValidator<TestRequest>
{
    public TestRequestValidator()
    {
        RuleFor(x => x.DisplayName).NotEmpty().MaximumLength(20);
        RuleFor(x => x.Address!.PostalCode).NotEmpty().Length(5).When(x => x.Address is not null);
    }
}

/// <summary>
/// Endpoints that exist only in the tests, for behaviour the product has no endpoint for yet (a JSON body)
/// or must never have on purpose (a handler that fails). They run through the product's whole pipeline.
/// </summary>
public sealed class TestEndpoints : IStartupFilter
{
    public const string Echo = "/test/echo";
    public const string Throw = "/test/throw";
    public const string FailingSql = "/test/failing-sql";
    public const string UnreachableDatabase = "/test/unreachable-database";

    /// <summary>What the failing endpoints put into their exceptions; none of it may reach the caller.</summary>
    public const string Secret = "secret_column_7f3a";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);

        // After the product has configured its pipeline, the host keeps the WebApplication, which is the route
        // builder that endpoint routing matches against, in the builder's properties. The pipeline is built
        // only after every startup filter ran, so endpoints added here are routed like the product's own.
        var routes = app.Properties.Values.OfType<IEndpointRouteBuilder>().Single();
        // Not part of the product: left out of its OpenAPI document, and so out of the conformance check.
        var test = routes.MapGroup("").ExcludeFromDescription();
        test.MapPost(Echo, (TestRequest request) => TypedResults.Ok(request)).WithValidation();
        test.MapGet(Throw, string () => throw new InvalidOperationException(
            $"{Secret}: SELECT password FROM users failed in {typeof(TestEndpoints).FullName}"));
        test.MapGet(FailingSql, async (NpgsqlDataSource dataSource, CancellationToken ct) =>
        {
            await using var command = dataSource.CreateCommand($"SELECT {Secret} FROM no_such_table");
            return TypedResults.Ok(await command.ExecuteScalarAsync(ct));
        });
        test.MapGet(UnreachableDatabase, async (CancellationToken ct) =>
        {
            // Nothing listens on port 1 of the loopback interface: the connection is refused at once.
            await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody;Database=none");
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return TypedResults.Ok();
        });
    };
}

/// <summary>The API with <see cref="TestEndpoints"/> mapped next to the product's endpoints.</summary>
public class ResourceShareAppWithTestEndpoints : ResourceShareApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddTransient<IStartupFilter, TestEndpoints>();
            services.AddSingleton<IValidator<TestRequest>, TestRequestValidator>();
        });
    }
}

/// <summary>
/// The same on a real Kestrel server on a free loopback port, for what the in-memory test server does not do
/// (it offers no per-request body size limit, for one).
/// </summary>
public sealed class KestrelAppWithTestEndpoints : ResourceShareAppWithTestEndpoints
{
    public KestrelAppWithTestEndpoints() => UseKestrel(0);
}
