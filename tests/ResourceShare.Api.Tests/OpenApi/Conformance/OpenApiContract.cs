using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace ResourceShare.Api.Tests.OpenApi.Conformance;

/// <summary>One request and its answer as the server saw them, for <see cref="OpenApiContract.Check"/>.</summary>
public sealed record Exchange(
    string Method,
    string Route,
    string Target,
    int Status,
    IReadOnlyDictionary<string, string> ResponseHeaders,
    string? ResponseContentType,
    byte[] ResponseBody,
    IReadOnlySet<string> QueryNames,
    IReadOnlySet<string> RequestHeaderNames,
    string? RequestContentType,
    byte[]? RequestBody);

/// <summary>
/// The OpenAPI document as a contract: whether an answer's status, headers and JSON body are the ones the document
/// describes for its operation (JSON Schema 2020-12, JsonSchema.Net, formats asserted), and whether a request the
/// API accepted is one the document allows clients to send.
/// </summary>
public sealed partial class OpenApiContract
{
    private const int ShownBodyLength = 600;

    /// <summary>The response headers whose presence the document must state wherever they are sent.</summary>
    private static readonly string[] ContractHeaders =
        ["ETag", "Location", "Retry-After", "Idempotent-Replayed", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"];

    private const string EmailFormat = "rfc5321-email";

    private static readonly EvaluationOptions Evaluation = CreateEvaluationOptions();

    /// <summary>Where this document's components are registered; each contract has its own, since registrations are not replaced.</summary>
    private readonly string componentsBase = $"https://resourceshare.test/{Guid.NewGuid():N}/components";
    private readonly JsonObject document;
    private readonly BuildOptions build = new();
    private readonly Lock building = new();
    private readonly ConcurrentDictionary<string, JsonSchema> schemas = new();

    public OpenApiContract(string documentText)
    {
        document = JsonNode.Parse(documentText)?.AsObject() ?? throw new InvalidOperationException("The OpenAPI document is empty.");
        var components = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = componentsBase,
            ["$defs"] = WithAbsoluteReferences(document["components"]?["schemas"] ?? new JsonObject()),
        };
        build.SchemaRegistry.Register(JsonSchema.Build(JsonSerializer.SerializeToElement(components), build));
    }

    private static EvaluationOptions CreateEvaluationOptions()
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        // An address as RFC 5321 (4.1.2) writes it, dot-atom@domain, letters of either case in both parts; the library's
        // own email format takes only lower-case letters. Its built-in formats cannot be replaced, so the schemas are
        // checked with this one under its own name (WithAbsoluteReferences renames "email"). The API trims text
        // before it validates it, so spaces around an address are accepted.
        FormatRegistry.Global.Register(new PredicateFormat(EmailFormat, element =>
            element.ValueKind != JsonValueKind.String || EmailAddress().IsMatch(element.GetString()!.Trim())));
        return options;
    }

    /// <summary>What in the exchange the document does not describe; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(Exchange exchange)
    {
        var problems = new List<string>();
        if (document["paths"]?[exchange.Route]?[exchange.Method.ToLowerInvariant()] is not JsonObject operation)
        {
            problems.Add("the operation is not in the document");
            return Described(exchange, problems, null);
        }

        var operationId = operation["operationId"]?.GetValue<string>();
        var status = exchange.Status.ToString(CultureInfo.InvariantCulture);
        if (operation["responses"]?[status] is not JsonObject response)
        {
            var listed = string.Join(", ", operation["responses"]?.AsObject().Select(r => r.Key) ?? []);
            problems.Add($"the status {status} is not documented for this operation (it documents {listed})");
            return Described(exchange, problems, operationId);
        }

        CheckHeaders(exchange, response, problems);
        CheckBody(exchange, status, response, problems);
        if (exchange.Status is >= 200 and < 300)
        {
            CheckAcceptedRequest(exchange, operation, problems);
        }

        return Described(exchange, problems, operationId);
    }

    private void CheckHeaders(Exchange exchange, JsonObject response, List<string> problems)
    {
        var documented = response["headers"]?.AsObject() ?? [];
        foreach (var header in ContractHeaders.Where(h => exchange.ResponseHeaders.ContainsKey(h) && !documented.ContainsKey(h)))
        {
            problems.Add($"the response carries {header}, which the document does not state for this status");
        }

        foreach (var (name, _) in documented.Where(h => IsRequiredHeader(h.Value) && !exchange.ResponseHeaders.ContainsKey(h.Key)))
        {
            problems.Add($"the document states the header {name} for this status, but the response lacks it");
        }
    }

    private bool IsRequiredHeader(JsonNode? header)
    {
        if (header?["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/components/headers/", StringComparison.Ordinal))
        {
            header = document["components"]?["headers"]?[reference["#/components/headers/".Length..]];
        }

        return header?["required"]?.GetValue<bool>() == true;
    }

    private void CheckBody(Exchange exchange, string status, JsonObject response, List<string> problems)
    {
        var content = response["content"]?.AsObject();
        if (exchange.ResponseBody.Length == 0)
        {
            if (content is { Count: > 0 } && exchange.Method != "HEAD")
            {
                problems.Add("the document describes a body for this status, but the response has none");
            }

            return;
        }

        var mediaType = MediaType(exchange.ResponseContentType);
        if (content?[mediaType ?? ""] is not JsonObject media)
        {
            problems.Add($"the response is {mediaType ?? "without a content type"}, which the document does not describe for this status " +
                         $"(it describes {string.Join(", ", content?.Select(c => c.Key) ?? ["no body"])})");
            return;
        }

        if (media["schema"] is { } schema && IsJson(mediaType))
        {
            problems.AddRange(Validate($"{exchange.Method} {exchange.Route} {status} {mediaType}", schema, exchange.ResponseBody, "the response body"));
        }
    }

    private void CheckAcceptedRequest(Exchange exchange, JsonObject operation, List<string> problems)
    {
        foreach (var parameter in (operation["parameters"]?.AsArray() ?? []).OfType<JsonObject>()
                     .Where(p => p["required"]?.GetValue<bool>() == true))
        {
            var name = parameter["name"]!.GetValue<string>();
            var present = parameter["in"]?.GetValue<string>() switch
            {
                "query" => exchange.QueryNames.Contains(name),
                "header" => exchange.RequestHeaderNames.Contains(name),
                _ => true,
            };
            if (!present)
            {
                problems.Add($"the API accepted the request without the parameter {name}, which the document requires");
            }
        }

        var requestBody = operation["requestBody"]?.AsObject();
        if (exchange.RequestBody is not { Length: > 0 } body)
        {
            if (requestBody?["required"]?.GetValue<bool>() == true)
            {
                problems.Add("the API accepted the request without a body, which the document requires");
            }

            return;
        }

        var mediaType = MediaType(exchange.RequestContentType);
        if (requestBody?["content"]?[mediaType ?? ""]?["schema"] is { } schema && IsJson(mediaType))
        {
            problems.AddRange(Validate($"{exchange.Method} {exchange.Route} request {mediaType}", schema, body, "the accepted request body"));
        }
    }

    private IEnumerable<string> Validate(string key, JsonNode schemaNode, byte[] body, string what)
    {
        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            return [$"{what} is not JSON: {e.Message}"];
        }

        var schema = schemas.GetOrAdd(key, _ =>
        {
            lock (building)
            {
                return JsonSchema.Build(JsonSerializer.SerializeToElement(WithAbsoluteReferences(schemaNode)), build);
            }
        });
        var results = schema.Evaluate(instance, Evaluation);
        return results.IsValid ? [] : [$"{what} does not match its schema: " + string.Join("; ", Failures(results))];
    }

    /// <summary>The deepest failing places of an evaluation, each with its instance location and reason.</summary>
    private static IEnumerable<string> Failures(EvaluationResults results)
    {
        var failing = (results.Details ?? []).Where(d => !d.IsValid).ToList();
        var deepest = failing.Where(d => !failing.Any(other =>
            other != d && other.EvaluationPath.ToString().StartsWith(d.EvaluationPath.ToString(), StringComparison.Ordinal)
            && other.EvaluationPath.ToString().Length > d.EvaluationPath.ToString().Length));
        return deepest.Select(d =>
        {
            var at = d.InstanceLocation.ToString() is { Length: > 0 } location ? location : "/";
            var why = d.Errors is { Count: > 0 } errors
                ? string.Join(", ", errors.Select(e => $"{e.Key}: {e.Value}"))
                : "fails " + d.SchemaLocation;
            return $"at {at} ({why})";
        }).Distinct().Take(10);
    }

    private static List<string> Described(Exchange exchange, List<string> problems, string? operationId)
    {
        if (problems.Count == 0)
        {
            return problems;
        }

        var body = Encoding.UTF8.GetString(exchange.ResponseBody);
        var shown = body.Length > ShownBodyLength ? body[..ShownBodyLength] + "…" : body;
        var headers = string.Join(", ", exchange.ResponseHeaders.Where(h => ContractHeaders.Contains(h.Key)).Select(h => $"{h.Key}: {h.Value}"));
        var operation = $"{exchange.Method} {exchange.Route}" + (operationId is null ? "" : $" ({operationId})");
        return problems.Select(problem =>
            $"{operation} answered {exchange.Status} to {exchange.Method} {exchange.Target}: {problem}.\n" +
            $"    Response: {exchange.ResponseContentType ?? "no content type"} [{headers}] {shown}").ToList();
    }

    private static string? MediaType(string? contentType) =>
        contentType?.Split(';')[0].Trim().ToLowerInvariant() is { Length: > 0 } type ? type : null;

    private static bool IsJson(string? mediaType) => mediaType is not null && (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal));

    /// <summary>A copy of a schema whose references to the document's components point at the registered components.</summary>
    private JsonNode WithAbsoluteReferences(JsonNode schema)
    {
        var copy = schema.DeepClone();
        Rewrite(copy, componentsBase);
        return copy;

        static void Rewrite(JsonNode? node, string componentsBase)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        obj["$ref"] = componentsBase + "#/$defs/" + reference["#/components/schemas/".Length..];
                    }

                    if (obj["format"] is JsonValue { } format && format.TryGetValue<string>(out var name) && name == "email")
                    {
                        obj["format"] = EmailFormat;
                    }

                    foreach (var (_, child) in obj.ToList())
                    {
                        Rewrite(child, componentsBase);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Rewrite(item, componentsBase);
                    }

                    break;
            }
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$")]
    private static partial Regex EmailAddress();
}
