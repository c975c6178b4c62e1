using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Http;

public sealed class ProblemDetailsTests(ResourceShareAppWithTestEndpoints app) : IClassFixture<ResourceShareAppWithTestEndpoints>
{
    private readonly HttpClient client = app.CreateClient();

    [Theory]
    [MemberData(nameof(ErrorRequests.Kinds), MemberType = typeof(ErrorRequests))]
    public async Task Every_error_kind_is_a_problem_with_type_title_status_detail_and_traceId(string kind, int status)
    {
        using var response = await client.SendAsync(ErrorRequests.For(kind));

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(Problem.TypeUri(kind), problem.Type);
    }

    [Theory]
    [MemberData(nameof(ErrorRequests.Kinds), MemberType = typeof(ErrorRequests))]
    public async Task Every_error_kind_is_a_problem_even_to_a_client_that_asks_for_HTML(string kind, int status)
    {
        using var request = ErrorRequests.For(kind);
        request.Headers.TryAddWithoutValidation("Accept", "text/html");

        using var response = await client.SendAsync(request);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(Problem.TypeUri(kind), problem.Type);
    }

    [Fact]
    public async Task Unknown_route_is_404_naming_the_path()
    {
        using var response = await client.GetAsync("/api/v1/no-such-resource");

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("/api/v1/no-such-resource", problem.Body.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task Wrong_method_is_405_with_an_Allow_header_listing_the_accepted_methods()
    {
        using var response = await client.DeleteAsync("/api/v1/places?q=a");

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(Problem.TypeUri("method-not-allowed"), problem.Type);
        Assert.Equal(["GET"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Body_in_another_media_type_is_415()
    {
        using var response = await client.SendAsync(ErrorRequests.For("unsupported-media-type"));

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(Problem.TypeUri("unsupported-media-type"), problem.Type);
    }

    [Theory]
    [InlineData("{\n  \"displayName\": \"Verein\",\n  \"address\": { \"postalCode\": \"35390\" ]\n}", "$.address", 3)]
    [InlineData("{\n  \"displayName\": tru\n}", "$.displayName", 2)]
    public async Task Malformed_JSON_is_400_naming_path_and_line(string json, string path, int line)
    {
        using var response = await client.SendAsync(ErrorRequests.PostJson(json));

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Problem.TypeUri("malformed-json"), problem.Type);
        Assert.Contains(path, problem.Detail);
        Assert.Contains($"line {line}", problem.Detail);
    }

    [Fact]
    public async Task Well_formed_JSON_of_the_wrong_type_is_a_validation_problem_on_that_field()
    {
        using var response = await client.SendAsync(ErrorRequests.PostJson("{\n  \"displayName\": \"Verein\",\n  \"address\": { \"postalCode\": 35390 }\n}"));

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Problem.TypeUri("validation"), problem.Type);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"address.postalCode\"", body);
    }

    [Fact]
    public async Task Validation_failure_is_400_with_errors_keyed_by_camelCase_field_path()
    {
        using var response = await client.SendAsync(ErrorRequests.PostJson("""{"displayName": "", "address": {"postalCode": "353"}}"""));

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Problem.TypeUri("validation"), problem.Type);
        var fields = problem.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ToArray();
        Assert.Equal(["address.postalCode", "displayName"], fields);
        Assert.All(
            problem.Body.GetProperty("errors").EnumerateObject(),
            field => Assert.Contains(field.Value.EnumerateArray(), m => !string.IsNullOrWhiteSpace(m.GetString())));
    }

    [Fact]
    public async Task Valid_body_passes_validation_and_reaches_the_handler()
    {
        using var response = await client.SendAsync(ErrorRequests.PostJson("""{"displayName": "Verein", "address": {"postalCode": "35390"}}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("35390", echo.GetProperty("address").GetProperty("postalCode").GetString());
    }

    [Theory]
    [InlineData(TestEndpoints.Throw)]
    [InlineData(TestEndpoints.FailingSql)]
    public async Task Unexpected_exception_is_500_that_reveals_nothing_internal(string url)
    {
        using var response = await client.GetAsync(url);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(Problem.TypeUri("internal"), problem.Type);
        foreach (var secret in new[] { TestEndpoints.Secret, "SELECT", "no_such_table", "42P01", "Exception", "Npgsql", "ResourceShare.", " at " })
        {
            Assert.DoesNotContain(secret, problem.RawBody, StringComparison.OrdinalIgnoreCase);
        }
    }
}
