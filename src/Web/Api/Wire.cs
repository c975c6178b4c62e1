using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Serialization;
using Microsoft.Kiota.Abstractions.Serialization;

namespace ResourceShare.Web.Api;

/// <summary>The API's wire values of the generated client's enums (<c>ListingCategory.Room</c> ↔ <c>"room"</c>), and untyped numbers.</summary>
public static class Wire
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string Of<T>(T value) where T : struct, Enum => Name(value);

    public static string Name(Enum value) =>
        Names.GetOrAdd(value, v => v.GetType().GetField(v.ToString())!.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? v.ToString());

    public static string? Of<T>(T? value) where T : struct, Enum => value is { } v ? Of(v) : null;

    public static T? Parse<T>(string? text) where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(value => Of(value!.Value) == text);

    public static IEnumerable<T> All<T>() where T : struct, Enum => Enum.GetValues<T>();

    /// <summary>A number from a map the generated client keeps untyped (counts per category).</summary>
    public static int Int(object? value) => value switch
    {
        int i => i,
        long l => (int)l,
        decimal d => (int)d,
        double d => (int)d,
        UntypedInteger i => i.GetValue(),
        UntypedLong l => (int)l.GetValue(),
        UntypedDecimal d => (int)d.GetValue(),
        UntypedDouble d => (int)d.GetValue(),
        _ => 0,
    };
}
