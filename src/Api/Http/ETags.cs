using System.Globalization;

namespace ResourceShare.Api.Http;

/// <summary>Strong ETags from row versions: version 3 is "3".</summary>
public static class ETags
{
    /// <summary>The longest If-Match worth reading: ours are a quoted number.</summary>
    public const int MaxLength = 64;

    public static string Of(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>
    /// The version an If-Match header requires: null when absent or "*"; -1 when it names no version we
    /// ever issue, which then never matches (412).
    /// </summary>
    public static int? Expected(string? ifMatch)
    {
        if (ifMatch?.Length > MaxLength)
        {
            return -1;
        }

        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*")
        {
            return null;
        }

        var tag = ifMatch.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal))
        {
            tag = tag[2..];
        }

        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
               && int.TryParse(tag[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : -1;
    }

    public static void Set(HttpContext context, int version) => context.Response.Headers.ETag = Of(version);

    /// <summary>
    /// Declares that the endpoint's successful answers carry the resource's ETag (<see cref="Set"/>), so that the
    /// OpenAPI document says so; the test suite fails when an answer and this declaration disagree.
    /// </summary>
    public static TBuilder WithETag<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Versioned.Instance);

    /// <summary>Endpoint metadata: successful answers carry an ETag.</summary>
    public sealed class Versioned
    {
        public static readonly Versioned Instance = new();

        private Versioned()
        {
        }
    }
}
