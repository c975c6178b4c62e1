using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResourceShare.Api.Tests.Fixtures;

public static class Json
{
    public static Guid Id(this JsonElement resource) => resource.GetProperty("id").GetGuid();

    public static string Str(this JsonElement resource, string property) => resource.GetProperty(property).GetString()!;

    /// <summary>The object without its null members, to compare what was sent with what comes back.</summary>
    public static JsonObject WithoutNulls(this JsonElement value) =>
        new(value.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null)
            .Select(p => KeyValuePair.Create(p.Name, JsonNode.Parse(p.Value.GetRawText()))));

    /// <summary>Changes the object and returns it, to build bodies inline.</summary>
    public static JsonObject Also(this JsonObject value, Action<JsonObject> change)
    {
        change(value);
        return value;
    }
}
