using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Places;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Domain.Places;

namespace ResourceShare.Api.Tests.OpenApi;

/// <summary>The document integrators generate clients from: complete, strict, true to what the API does, and clean under Spectral.</summary>
public sealed class OpenApiDocumentTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private readonly HttpClient client = app.CreateClient();

    private async Task<string> DocumentTextAsync() => await client.GetStringAsync("/openapi/v1.json");

    private async Task<JsonElement> DocumentAsync() => JsonDocument.Parse(await DocumentTextAsync()).RootElement;

    [Fact]
    public async Task Spectral_finds_no_errors_and_no_warnings()
    {
        var findings = await Spectral.LintAsync(await DocumentTextAsync());

        var failing = findings.Where(f => f.FailsTheGate).ToList();
        Assert.True(failing.Count == 0,
            $"Spectral (tools/openapi-lint/.spectral.yaml) found {failing.Count} problem(s) in /openapi/v1.json:\n  " +
            string.Join("\n  ", failing));
    }

    [Fact]
    public async Task Document_is_OpenAPI_3_1()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.1.", document.GetProperty("openapi").GetString());
    }

    [Fact]
    public async Task Every_operation_has_an_operationId_a_summary_and_tags()
    {
        var document = await DocumentAsync();

        var incomplete = Operations(document)
            .Where(o => !HasText(o.Operation, "operationId") || !HasText(o.Operation, "summary")
                || !o.Operation.TryGetProperty("tags", out var tags) || tags.GetArrayLength() == 0)
            .Select(o => o.Name)
            .ToList();
        Assert.True(incomplete.Count == 0, "Without operationId, summary or tags: " + string.Join(", ", incomplete));
    }

    [Fact]
    public async Task Every_operation_documents_500_and_503_as_problem_details()
    {
        var document = await DocumentAsync();

        foreach (var (name, operation) in Operations(document))
        {
            Assert.Equal("#/components/schemas/ProblemDetails", ProblemSchemaOf(operation, "500", name));
            Assert.Equal("#/components/schemas/ProblemDetails", ProblemSchemaOf(operation, "503", name));
            Assert.True(Response(operation, "503").GetProperty("headers").TryGetProperty("Retry-After", out _), $"{name}: 503 without Retry-After");
        }
    }

    [Fact]
    public async Task Every_api_operation_documents_429_with_Retry_After_and_rate_limit_headers_on_every_response()
    {
        var document = await DocumentAsync();

        var api = Operations(document).Where(o => o.Name.Contains(" /api/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(api);
        foreach (var (name, operation) in api)
        {
            Assert.Equal("#/components/schemas/TooManyRequestsProblemDetails", ProblemSchemaOf(operation, "429", name));
            Assert.True(Response(operation, "429").GetProperty("headers").TryGetProperty("Retry-After", out _), $"{name}: 429 without Retry-After");
            foreach (var response in operation.GetProperty("responses").EnumerateObject())
            {
                var headers = response.Value.GetProperty("headers");
                Assert.All(["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"],
                    header => Assert.True(headers.TryGetProperty(header, out _), $"{name} {response.Name} without {header}"));
            }
        }
    }

    [Fact]
    public async Task Every_request_body_and_the_main_answers_carry_an_example()
    {
        var document = await DocumentAsync();

        var withoutExample = Operations(document)
            .Where(o => o.Operation.TryGetProperty("requestBody", out var body)
                && body.GetProperty("content").EnumerateObject().Any(media => !media.Value.TryGetProperty("example", out _)))
            .Select(o => o.Name)
            .ToList();
        Assert.True(withoutExample.Count == 0, "Request bodies without an example (add one to OpenApiExamples): " + string.Join(", ", withoutExample));
        foreach (var (path, method, status) in new[] { ("/api/v1/listings/{id}", "get", "200"), ("/api/v1/listings/{id}/matches", "get", "200"), ("/api/v1/auth/login", "post", "200") })
        {
            var media = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status)
                .GetProperty("content").GetProperty("application/json");
            Assert.True(media.TryGetProperty("example", out _), $"{method} {path} {status} has no example");
        }
    }

    [Fact]
    public async Task Health_probes_claim_no_rate_limit()
    {
        var document = await DocumentAsync();

        foreach (var (name, operation) in Operations(document).Where(o => o.Name.Contains(" /health/", StringComparison.Ordinal)))
        {
            Assert.False(operation.GetProperty("responses").TryGetProperty("429", out _), $"{name} documents 429");
            Assert.DoesNotContain("RateLimit-Limit", operation.GetProperty("responses").ToString());
        }
    }

    [Fact]
    public async Task Place_search_parameters_carry_the_validator_limits()
    {
        var document = await DocumentAsync();
        var parameters = document.GetProperty("paths").GetProperty("/api/v1/places").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

        var q = parameters["q"];
        Assert.True(q.GetProperty("required").GetBoolean());
        Assert.Equal(PlaceNames.MaxQueryLength, q.GetProperty("schema").GetProperty("maxLength").GetInt32());
        Assert.Equal(1, q.GetProperty("schema").GetProperty("minLength").GetInt32());

        var limit = parameters["limit"];
        Assert.False(limit.TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.Equal("integer", limit.GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal(1, limit.GetProperty("schema").GetProperty("minimum").GetInt32());
        Assert.Equal(PlaceSearchQuery.MaxLimit, limit.GetProperty("schema").GetProperty("maximum").GetInt32());
    }

    [Fact]
    public async Task Both_security_schemes_are_declared_and_anonymous_operations_say_so()
    {
        var document = await DocumentAsync();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");

        var bearer = schemes.GetProperty("bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        var apiKey = schemes.GetProperty("apiKey");
        Assert.Equal("apiKey", apiKey.GetProperty("type").GetString());
        Assert.Equal("header", apiKey.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", apiKey.GetProperty("name").GetString());

        var search = document.GetProperty("paths").GetProperty("/api/v1/places").GetProperty("get");
        Assert.Equal("[{}]", search.GetProperty("security").GetRawText().Replace(" ", "").Replace("\n", ""));
    }

    [Fact]
    public async Task Every_tag_has_a_description_and_the_server_is_relative()
    {
        var document = await DocumentAsync();

        Assert.All(document.GetProperty("tags").EnumerateArray(), tag => Assert.True(HasText(tag, "description"), tag.ToString()));
        var server = Assert.Single(document.GetProperty("servers").EnumerateArray());
        Assert.Equal("/", server.GetProperty("url").GetString());
        Assert.True(HasText(document.GetProperty("info").GetProperty("contact"), "name"));
    }

    [Theory]
    [InlineData("/api/v1/places")]
    [InlineData("/api/v1/places?q=a&limit=ten")]
    [InlineData("/api/v1/places?q=a&limit=51")]
    public async Task Problem_responses_carry_every_member_the_schema_requires(string url)
    {
        var document = await DocumentAsync();
        var required = document.GetProperty("components").GetProperty("schemas").GetProperty("ValidationProblemDetails")
            .GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToList();

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.All(required, member => Assert.True(
            problem.TryGetProperty(member, out var value) && value.ValueKind != JsonValueKind.Null, $"{member} is missing in {problem}"));
    }

    [Fact]
    public async Task Swagger_UI_is_served_and_points_at_the_document()
    {
        using var page = await client.GetAsync("/swagger/index.html");
        var initializer = await client.GetStringAsync("/swagger/index.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/openapi/v1.json", initializer);
    }

    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Select(method => ($"{method.Name.ToUpperInvariant()} {path.Name}", method.Value)));

    private static JsonElement Response(JsonElement operation, string status) =>
        operation.GetProperty("responses").GetProperty(status);

    private static string? ProblemSchemaOf(JsonElement operation, string status, string name)
    {
        Assert.True(operation.GetProperty("responses").TryGetProperty(status, out var response), $"{name} does not document {status}");
        return response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString();
    }

    private static bool HasText(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && !string.IsNullOrWhiteSpace(value.GetString());
}
