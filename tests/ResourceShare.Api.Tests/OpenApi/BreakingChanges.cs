using System.Text.Json.Nodes;

namespace ResourceShare.Api.Tests.OpenApi;

/// <summary>
/// What a newer OpenAPI document breaks for clients written against an older one, each change in the words README's
/// changelog must use: a removed operation, a removed field of a schema, a removed enum value, a narrowed type.
/// </summary>
public static class BreakingChanges
{
    public static IReadOnlyList<string> Between(JsonNode older, JsonNode newer)
    {
        var changes = new List<string>();
        foreach (var (path, methods) in Objects(older["paths"]))
        {
            foreach (var (method, _) in Objects(methods).Where(m => newer["paths"]?[path]?[m.Key] is null))
            {
                changes.Add($"removed operation {method.ToUpperInvariant()} {path}");
            }
        }

        var newSchemas = newer["components"]?["schemas"];
        foreach (var (name, schema) in Objects(older["components"]?["schemas"]))
        {
            Compare(name, schema, newSchemas?[name], changes);
        }

        return changes;
    }

    private static void Compare(string name, JsonNode? older, JsonNode? newer, List<string> changes)
    {
        if (older is not JsonObject before)
        {
            return;
        }

        if (newer is not JsonObject after)
        {
            changes.Add($"removed schema {name}");
            return;
        }

        foreach (var value in Values(before["enum"]).Except(Values(after["enum"])).Where(_ => after["enum"] is not null))
        {
            changes.Add($"removed enum value {name}: {value}");
        }

        var lost = Types(before).Where(t => !Types(after).Contains(t) && !(t == "integer" && Types(after).Contains("number"))).ToList();
        if (lost.Count > 0 && Types(after).Count > 0)
        {
            changes.Add($"narrowed type {name}: {string.Join(", ", lost)} no longer allowed");
        }

        foreach (var (property, schema) in Objects(before["properties"]))
        {
            if (after["properties"]?[property] is not { } now)
            {
                changes.Add($"removed field {name}.{property}");
                continue;
            }

            Compare($"{name}.{property}", schema, now, changes);
        }

        Compare($"{name}[]", before["items"], after["items"] ?? (before["items"] is null ? null : new JsonObject()), changes);
    }

    private static IEnumerable<(string Key, JsonNode? Value)> Objects(JsonNode? node) =>
        node is JsonObject obj ? obj.Select(p => (p.Key, p.Value)) : [];

    private static IEnumerable<string> Values(JsonNode? node) =>
        node is JsonArray array ? array.Select(v => v?.ToJsonString() ?? "null") : [];

    private static List<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonValue single => [single.GetValue<string>()],
        JsonArray several => several.Select(t => t!.GetValue<string>()).ToList(),
        _ => [],
    };
}
