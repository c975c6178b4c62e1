using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace ResourceShare.Api.Http;

/// <summary>
/// What every value a handler receives from the request — a JSON body, query parameters, headers bound to
/// parameters — must be before any SQL runs: text without the NUL character (PostgreSQL cannot store it in text and
/// refuses the whole statement), and arrays without null items. Each finding names the field by its path in the
/// request (<c>schedule.weekly[0].days[1]</c>), as validation errors do. Unpaired surrogates never get this far:
/// the JSON reader refuses them, and query strings decode invalid UTF-8 to U+FFFD.
/// </summary>
public static class InputIntegrity
{
    public static readonly UserText NulCharacter = new(
        "Text may not contain the NUL character (U+0000).",
        "Text darf das Zeichen NUL (U+0000) nicht enthalten.");

    public static readonly UserText NullItem = new("Items may not be null.", "Einträge dürfen nicht null sein.");

    // Request types nest a few levels (listing → schedule → weekly rule → days); anything deeper is not a request.
    private const int MaxDepth = 8;

    private static readonly ConcurrentDictionary<Type, Member[]> MembersByType = new();

    /// <summary>
    /// The check for one handler parameter, decided once at startup: null when the parameter does not come from the
    /// request (a service, the caller, a cancellation token) or cannot hold text or null items (a Guid, a number).
    /// </summary>
    public static Action<object, IDictionary<string, UserText>>? CheckerFor(ParameterInfo parameter, IServiceProvider services)
    {
        var type = parameter.ParameterType;
        if (services.GetService<IServiceProviderIsService>()?.IsService(type) == true || !MayHoldText(type, 0))
        {
            return null;
        }

        // A request record (a JSON body, an [AsParameters] query) is a container: its members are the fields. A text
        // or array parameter is a field itself, known by its query, header or route name.
        var path = IsRequestType(type) ? "" : BoundName(parameter) ?? JsonNamingPolicy.CamelCase.ConvertName(parameter.Name ?? "");
        return (value, findings) => Check(value, type, path, findings, 0);
    }

    private static void Check(object? value, Type declared, string path, IDictionary<string, UserText> findings, int depth)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                if (text.Contains('\0', StringComparison.Ordinal))
                {
                    findings.TryAdd(path, NulCharacter);
                }

                return;
            case IEnumerable items:
                var index = 0;
                var itemType = ItemType(declared);
                foreach (var item in items)
                {
                    var itemPath = $"{path}[{index++}]";
                    if (item is null)
                    {
                        findings.TryAdd(itemPath, NullItem);
                    }
                    else
                    {
                        Check(item, itemType, itemPath, findings, depth + 1);
                    }
                }

                return;
        }

        if (depth >= MaxDepth || !IsRequestType(value.GetType()))
        {
            return;
        }

        foreach (var member in Members(value.GetType()))
        {
            Check(member.Get(value), member.Type, path.Length == 0 ? member.Name : $"{path}.{member.Name}", findings, depth + 1);
        }
    }

    private static bool MayHoldText(Type type, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return true;
        }

        if (depth >= MaxDepth || type.IsPrimitive || type.IsEnum || type == typeof(decimal))
        {
            return false;
        }

        if (type.IsArray || (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type)))
        {
            // Any array can carry a null item, whatever it holds.
            return true;
        }

        return IsRequestType(type) && Members(type).Any(m => MayHoldText(m.Type, depth + 1));
    }

    /// <summary>The API's own request records; framework and domain types are values, not containers to walk.</summary>
    private static bool IsRequestType(Type type) =>
        type is { IsClass: true, Namespace: not null } && type.Namespace.StartsWith("ResourceShare.Api", StringComparison.Ordinal);

    private static Type ItemType(Type collection) =>
        collection.IsArray ? collection.GetElementType()!
        : collection.IsGenericType ? collection.GetGenericArguments()[0]
        : typeof(object);

    private static Member[] Members(Type type) => MembersByType.GetOrAdd(type, static t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
        .Select(p => new Member(BoundName(p) ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.PropertyType, p.GetValue))
        .ToArray());

    private static string? BoundName(ICustomAttributeProvider member) =>
        member.GetCustomAttributes(inherit: true).Select(a => a switch
        {
            FromQueryAttribute q => q.Name,
            FromHeaderAttribute h => h.Name,
            FromRouteAttribute r => r.Name,
            _ => null,
        }).FirstOrDefault(name => name is not null);

    private sealed record Member(string Name, Type Type, Func<object?, object?> Get);
}
