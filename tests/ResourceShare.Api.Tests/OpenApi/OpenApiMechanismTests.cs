using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ResourceShare.Api.Http;
using ResourceShare.Api.OpenApi;

using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.OpenApi;

/// <summary>
/// The OpenAPI mechanisms on endpoints of the kinds the API is about to get (bodies with nested objects and
/// collections, authorization, declared conflicts), hosted with the API's services but without its endpoints.
/// </summary>
public sealed class OpenApiMechanismTests : IAsyncLifetime
{
    private WebApplication? sample;

    private string documentText = "";

    private JsonElement Document => JsonDocument.Parse(documentText).RootElement;

    private JsonElement Schema(string name) => Document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    private JsonElement Operation(string path, string method) => Document.GetProperty("paths").GetProperty(path).GetProperty(method);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration["Auth:SigningKey"] = ResourceShareApp.SigningKey;
        builder.Services.AddResourceShareApi(builder.Configuration);
        builder.Services.AddSingleton<IValidator<SampleRequest>, SampleRequestValidator>();
        builder.Services.AddSingleton<IValidator<SampleQuery>, SampleQueryValidator>();
        builder.Services.AddSingleton<IValidator<SampleNote>, SampleNoteValidator>();
        builder.Services.AddSingleton<IValidator<SamplePlace>, UnusedPlaceValidator>();
        builder.Services.AddAuthorization(o => o.AddPolicy("integrators", p => p.AddAuthenticationSchemes("ApiKey").RequireAuthenticatedUser()));
        sample = builder.Build();
        sample.MapOpenApi("/openapi/{documentName}.json");
        MapSamples(sample);
        await sample.StartAsync();
        documentText = await sample.GetTestClient().GetStringAsync("/openapi/v1.json");
    }

    public async Task DisposeAsync()
    {
        if (sample is not null)
        {
            await sample.DisposeAsync();
        }
    }

    [Fact]
    public void Body_properties_carry_their_validator_limits()
    {
        var request = Schema("SampleRequest");
        var properties = request.GetProperty("properties");

        Assert.Equal(120, properties.GetProperty("title").GetProperty("maxLength").GetInt32());
        Assert.Equal(1, properties.GetProperty("title").GetProperty("minLength").GetInt32());
        Assert.Equal("string", properties.GetProperty("title").GetProperty("type").GetString());
        Assert.Equal(1, properties.GetProperty("capacity").GetProperty("minimum").GetInt32());
        Assert.Equal(500, properties.GetProperty("capacity").GetProperty("maximum").GetInt32());
        Assert.Equal(0, properties.GetProperty("budget").GetProperty("minimum").GetDecimal());
        Assert.Equal(10000, properties.GetProperty("budget").GetProperty("exclusiveMaximum").GetDecimal());
        Assert.Equal("email", properties.GetProperty("email").GetProperty("format").GetString());
        Assert.Equal(40, properties.GetProperty("reference").GetProperty("maxLength").GetInt32());
        Assert.Contains("title", Required(request));
        Assert.Contains("place", Required(request));
        Assert.Equal("#/components/schemas/SamplePlace", properties.GetProperty("place").GetProperty("$ref").GetString());
        Assert.DoesNotContain(Schema("SampleKind").GetProperty("enum").EnumerateArray(), value => value.ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public void Collections_get_item_counts_and_their_items_get_the_RuleForEach_limits()
    {
        var features = Schema("SampleRequest").GetProperty("properties").GetProperty("features");

        Assert.Equal(5, features.GetProperty("maxItems").GetInt32());
        var item = features.GetProperty("items");
        Assert.Equal(40, item.GetProperty("maxLength").GetInt32());
        Assert.Equal("^[a-z_]+$", item.GetProperty("pattern").GetString());
    }

    [Fact]
    public void Nested_objects_get_the_rules_of_SetValidator_and_ChildRules()
    {
        var place = Schema("SamplePlace");
        Assert.Equal("^[0-9]{5}$", place.GetProperty("properties").GetProperty("postalCode").GetProperty("pattern").GetString());
        Assert.Equal(5, place.GetProperty("properties").GetProperty("postalCode").GetProperty("maxLength").GetInt32());
        Assert.Contains("postalCode", Required(place));

        var contact = Schema("SampleContact");
        Assert.Equal(80, contact.GetProperty("properties").GetProperty("name").GetProperty("maxLength").GetInt32());
        Assert.Equal(10, Schema("SampleRequest").GetProperty("properties").GetProperty("contacts").GetProperty("maxItems").GetInt32());
    }

    [Fact]
    public void Rules_that_do_not_run_are_not_claimed()
    {
        Assert.False(Schema("SampleRequest").GetProperty("properties").GetProperty("note").TryGetProperty("maxLength", out _));
        Assert.Equal(100, Schema("SamplePlace").GetProperty("properties").GetProperty("city").GetProperty("maxLength").GetInt32());
        Assert.False(Schema("SampleNote").GetProperty("properties").GetProperty("text").TryGetProperty("maxLength", out _));
    }

    [Fact]
    public void AsParameters_query_parameters_get_required_and_limits()
    {
        var parameters = Operation("/api/v1/samples", "get").GetProperty("parameters").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!);

        Assert.True(parameters["q"].GetProperty("required").GetBoolean());
        Assert.Equal(50, parameters["q"].GetProperty("schema").GetProperty("maxLength").GetInt32());
        Assert.Equal(1, parameters["page"].GetProperty("schema").GetProperty("minimum").GetInt32());
        Assert.Equal(100, parameters["page"].GetProperty("schema").GetProperty("maximum").GetInt32());
    }

    [Fact]
    public void Error_responses_follow_from_what_the_endpoint_takes()
    {
        Assert.Equal(["200", "400", "401", "404", "409", "413", "415", "422", "429", "500", "503"], Statuses(Operation("/api/v1/samples/{id}", "post")));
        Assert.Equal(["200", "400", "401", "429", "500", "503"], Statuses(Operation("/api/v1/samples", "get")));
        Assert.Equal(["200", "400", "401", "500", "503"], Statuses(Operation("/health/sample", "get")));
    }

    [Fact]
    public void Declared_problems_and_bodiless_results_are_documented_as_problem_details()
    {
        var responses = Operation("/api/v1/samples/{id}", "get").GetProperty("responses");

        foreach (var (status, schema) in new[] { ("404", "ProblemDetails"), ("409", "ConflictProblemDetails") })
        {
            var content = responses.GetProperty(status).GetProperty("content");
            Assert.Equal(["application/problem+json"], content.EnumerateObject().Select(c => c.Name));
            Assert.Equal("#/components/schemas/" + schema,
                content.GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        }

        var created = Operation("/api/v1/samples/{id}", "post").GetProperty("responses");
        Assert.Equal("The sample contradicts itself.", created.GetProperty("422").GetProperty("description").GetString());
        Assert.StartsWith("Conflict.", created.GetProperty("409").GetProperty("description").GetString());
    }

    [Fact]
    public void Problems_the_handler_declares_are_documented_with_their_description_and_the_extensions_of_their_status()
    {
        var conflict = Operation("/api/v1/samples/{id}/confirm", "post").GetProperty("responses").GetProperty("409");

        Assert.StartsWith("The sample is already confirmed: currentStatus names its status. Also when a request with the same Idempotency-Key",
            conflict.GetProperty("description").GetString());
        Assert.True(Schema("ConflictProblemDetails").GetProperty("properties").TryGetProperty("currentStatus", out _));
        Assert.True(Schema("ValidationProblemDetails").GetProperty("properties").TryGetProperty("errors", out _));
        Assert.Contains("traceId", Required(Schema("ProblemDetails")));
    }

    [Fact]
    public void If_Match_Idempotency_Key_ETag_and_Location_are_documented_where_they_apply()
    {
        var confirm = Operation("/api/v1/samples/{id}/confirm", "post");
        var parameters = confirm.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        var created = confirm.GetProperty("responses").GetProperty("201").GetProperty("headers");

        Assert.Contains("If-Match", parameters);
        Assert.Contains("Idempotency-Key", parameters);
        Assert.Contains("412", Statuses(confirm));
        Assert.Contains("422", Statuses(confirm));
        Assert.All(["ETag", "Location", "Idempotent-Replayed", "RateLimit-Limit"], header => Assert.True(created.TryGetProperty(header, out _), header));
        Assert.False(Operation("/api/v1/samples", "get").GetProperty("responses").GetProperty("200").GetProperty("headers").TryGetProperty("ETag", out _));
    }

    [Fact]
    public void Request_properties_are_required_only_where_a_rule_that_always_runs_requires_them()
    {
        var request = Required(Schema("SampleRequest"));

        Assert.Equal(["kind", "place", "title"], request.Order(StringComparer.Ordinal));
        Assert.Equal(["postalCode"], Required(Schema("SamplePlace")));
    }

    [Fact]
    public void Enums_are_strings_without_null_and_a_nullable_enum_property_says_null_once()
    {
        var kind = Schema("SampleKind");
        var status = Schema("SampleConfirmation").GetProperty("properties").GetProperty("previousKind");

        Assert.Equal("string", kind.GetProperty("type").GetString());
        Assert.Equal(["offer", "request"], kind.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["null", "#/components/schemas/SampleKind"],
            status.GetProperty("oneOf").EnumerateArray().Select(b => b.TryGetProperty("$ref", out var r) ? r.GetString() : b.GetProperty("type").GetString()));
    }

    [Fact]
    public void Patterns_are_written_in_the_ECMA_262_dialect()
    {
        var postalCode = Schema("SamplePlace").GetProperty("properties").GetProperty("postalCode");

        Assert.Equal("^[0-9]{5}$", postalCode.GetProperty("pattern").GetString());
    }

    [Fact]
    public void Security_follows_the_authorization_metadata()
    {
        Assert.Equal([[]], Security(Operation("/api/v1/samples", "get")));
        Assert.Equal([["bearer"], ["apiKey"]], Security(Operation("/api/v1/samples/{id}", "put")));
        Assert.Equal([["apiKey"]], Security(Operation("/api/v1/samples/{id}", "delete")));
        Assert.Equal([["bearer"]], Security(Operation("/api/v1/samples/{id}", "patch")));

        Assert.Contains("401", Statuses(Operation("/api/v1/samples/{id}", "put")));
        Assert.Contains("403", Statuses(Operation("/api/v1/samples/{id}", "delete")));
        // A public endpoint still refuses two credentials in one request (401), but forbids nothing.
        Assert.Contains("401", Statuses(Operation("/api/v1/samples", "get")));
        Assert.DoesNotContain("403", Statuses(Operation("/api/v1/samples", "get")));
    }

    [Fact]
    public void Tags_get_the_description_given_with_the_routes()
    {
        var tag = Document.GetProperty("tags").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Samples");

        Assert.Equal("Things to test the document with.", tag.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Spectral_points_at_the_strings_without_a_limit_that_runs()
    {
        var findings = await Spectral.LintAsync(documentText);

        var failing = findings.Where(f => f.FailsTheGate).OrderBy(f => string.Join('.', f.Path)).ToList();
        Assert.Equal(
            ["request-string-limit at components.schemas.SampleNote.properties.text", "request-string-limit at components.schemas.SampleRequest.properties.note"],
            failing.Select(f => $"{f.Code} at {string.Join('.', f.Path)}"));
    }

    private static List<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!).ToList() : [];

    private static List<string> Statuses(JsonElement operation) =>
        operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();

    private static List<List<string>> Security(JsonElement operation) =>
        operation.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Select(s => s.Name).ToList()).ToList();

    private static void MapSamples(WebApplication app)
    {
        var samples = app.MapGroup("/api/v1/samples").WithTag("Samples", "Things to test the document with.");
        samples.MapGet("/", ([AsParameters] SampleQuery query) => TypedResults.Ok(query.Q))
            .WithName("ListSamples").WithSummary("List").WithDescription("Lists samples.").WithValidation();
        samples.MapPost("/{id}",
                [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json",
                    Description = "The sample contradicts itself.")]
                (Guid id, SampleRequest request) => TypedResults.Ok(request))
            .WithName("CreateSample").WithSummary("Create").WithDescription("Creates a sample.").WithValidation()
            .ProducesProblem(StatusCodes.Status409Conflict);
        samples.MapPost("/{id}/notes", (Guid id, SampleNote note) => TypedResults.NoContent())
            .WithName("AddSampleNote").WithSummary("Add a note").WithDescription("Forgets WithValidation.");
        samples.MapGet("/{id}", Results<Ok<string>, NotFound, Conflict<ProblemDetails>> (Guid id) => TypedResults.NotFound())
            .WithName("GetSample").WithSummary("Get").WithDescription("Reads a sample.");
        samples.MapPost("/{id}/confirm",
                (Guid id, [FromHeader(Name = "If-Match")] string? ifMatch) => TypedResults.Created($"/api/v1/samples/{id}", new SampleConfirmation(id, null)))
            .WithName("ConfirmSample").WithSummary("Confirm").WithDescription("Confirms a sample.").WithIdempotency().WithETag()
            .AnswersProblem(StatusCodes.Status409Conflict, "The sample is already confirmed: currentStatus names its status.");
        samples.MapPut("/{id}", (Guid id) => TypedResults.NoContent())
            .WithName("ReplaceSample").WithSummary("Replace").WithDescription("Replaces a sample.").RequireAuthorization();
        samples.MapDelete("/{id}", (Guid id) => TypedResults.NoContent())
            .WithName("DeleteSample").WithSummary("Delete").WithDescription("Deletes a sample.").RequireAuthorization("integrators");
        samples.MapPatch("/{id}", (Guid id) => TypedResults.NoContent())
            .WithName("TouchSample").WithSummary("Touch").WithDescription("Touches a sample.")
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = "Bearer" });

        app.MapGet("/health/sample", () => TypedResults.Ok("up"))
            .WithTag("Health", "Probes.").WithName("SampleProbe").WithSummary("Probe").WithDescription("Probes.");
    }
}

public enum SampleKind
{
    Offer,
    Request,
}

public sealed record SamplePlace(string? PostalCode, string? City);

public sealed record SampleConfirmation(Guid Id, SampleKind? PreviousKind);

public sealed record SampleContact(string? Name, string? Phone);

public sealed record SampleRequest(
    string? Title,
    SampleKind? Kind,
    int Capacity,
    decimal? Budget,
    string? Email,
    string? Reference,
    SamplePlace? Place,
    IReadOnlyList<string>? Features,
    IReadOnlyList<SampleContact>? Contacts,
    string? Note);

public sealed record SampleQuery(
    [property: FromQuery(Name = "q")] string? Q,
    [property: FromQuery(Name = "page")] int? Page);

public sealed class SampleRequestValidator : AbstractValidator<SampleRequest>
{
    public SampleRequestValidator()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(120);
        RuleFor(x => x.Kind).NotNull();
        RuleFor(x => x.Capacity).InclusiveBetween(1, 500);
        RuleFor(x => x.Budget).GreaterThanOrEqualTo(0m).LessThan(10000m);
        RuleFor(x => x.Email).EmailAddress().MaximumLength(254);
        RuleFor(x => x.Place!).NotNull().SetValidator(new SamplePlaceValidator());
        RuleFor(x => x.Features).ItemCount(0, 5);
        RuleForEach(x => x.Features).NotEmpty().MaximumLength(40).Matches("^[a-z_]+$");
        RuleFor(x => x.Contacts).ItemCount(0, 10);
        RuleForEach(x => x.Contacts).ChildRules(contact =>
        {
            contact.RuleFor(c => c.Name).NotEmpty().MaximumLength(80);
            contact.RuleFor(c => c.Phone).MaximumLength(20);
        });
        RuleFor(x => x.Note).MaximumLength(500).When(x => x.Kind == SampleKind.Offer);
        Include(new SampleReferenceValidator());
    }
}

public sealed class SampleReferenceValidator : AbstractValidator<SampleRequest>
{
    public SampleReferenceValidator() => RuleFor(x => x.Reference).MaximumLength(40);
}

public sealed class SamplePlaceValidator : AbstractValidator<SamplePlace>
{
    public SamplePlaceValidator()
    {
        RuleFor(x => x.PostalCode).NotNull().Length(5).Matches(@"^[0-9]{5}\z");
        RuleFor(x => x.City).MaximumLength(100);
    }
}

/// <summary>Registered, but never run: SampleRequestValidator validates its place with SamplePlaceValidator.</summary>
public sealed class UnusedPlaceValidator : AbstractValidator<SamplePlace>
{
    public UnusedPlaceValidator() => RuleFor(x => x.City).MaximumLength(7);
}

public sealed record SampleNote(string? Text);

/// <summary>Registered, but the endpoint taking a SampleNote does not run validation.</summary>
public sealed class SampleNoteValidator : AbstractValidator<SampleNote>
{
    public SampleNoteValidator() => RuleFor(x => x.Text).MaximumLength(10);
}

public sealed class SampleQueryValidator : AbstractValidator<SampleQuery>
{
    public SampleQueryValidator()
    {
        RuleFor(x => x.Q).NotEmpty().MaximumLength(50);
        RuleFor(x => x.Page).InclusiveBetween(1, 100);
    }
}
