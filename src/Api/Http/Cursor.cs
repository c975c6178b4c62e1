using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.IdentityModel.Tokens;

namespace ResourceShare.Api.Http;

/// <summary>
/// Opaque pagination cursors: the last row's sort key as base64url JSON. Clients pass nextCursor back
/// unchanged; anything else is a 400 on the cursor field.
/// </summary>
public static class Cursor
{
    public static string Encode<T>(T position, JsonTypeInfo<T> typeInfo) =>
        Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(position, typeInfo));

    public static bool TryDecode<T>(string? cursor, JsonTypeInfo<T> typeInfo, out T? position) where T : class
    {
        position = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        try
        {
            position = JsonSerializer.Deserialize(Base64UrlEncoder.DecodeBytes(cursor), typeInfo);
            return position is not null;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// The first <paramref name="limit"/> of <paramref name="rows"/> (read with limit + 1) and the cursor after
    /// the last of them, or null when there is no more.
    /// </summary>
    public static (List<TRow> Items, string? Next) Page<TRow, TPosition>(
        IReadOnlyList<TRow> rows, int limit, Func<TRow, TPosition> position, JsonTypeInfo<TPosition> typeInfo)
    {
        var items = rows.Take(limit).ToList();
        return (items, rows.Count > limit ? Encode(position(items[^1]), typeInfo) : null);
    }

    public static IDictionary<string, string[]> InvalidError() => new Dictionary<string, string[]>
    {
        ["cursor"] = [new UserText("Not a cursor from this API: pass nextCursor back unchanged.", "Kein Cursor dieser API: geben Sie nextCursor unverändert zurück.").ToString()],
    };
}
