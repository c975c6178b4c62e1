using System.Collections.Frozen;
using System.Data;
using System.Text.Json;
using Dapper;

namespace ResourceShare.Infrastructure.Database;

/// <summary>
/// The one conversion between a status-like enum and its wire/database text (snake_case, e.g.
/// PendingReview ⇄ "pending_review"), used by Dapper for columns and parameters alike.
/// </summary>
public static class EnumText<T> where T : struct, Enum
{
    private static readonly FrozenDictionary<T, string> ToText =
        Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    private static readonly FrozenDictionary<string, T> FromText =
        ToText.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static string Of(T value) => ToText[value];

    public static T Parse(string text) =>
        FromText.TryGetValue(text, out var value)
            ? value
            : throw new DataException($"'{text}' is not a known {typeof(T).Name}.");

    public static bool TryParse(string? text, out T value) => FromText.TryGetValue(text ?? "", out value);

    public static string[] Of(IEnumerable<T> values) => values.Select(Of).ToArray();

    internal sealed class Handler : SqlMapper.TypeHandler<T>
    {
        public override void SetValue(IDbDataParameter parameter, T value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = Of(value);
        }

        public override T Parse(object value) => EnumText<T>.Parse((string)value);
    }
}
