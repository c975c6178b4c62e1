namespace ResourceShare.Infrastructure.Database;

public static class Like
{
    /// <summary>Escapes LIKE's wildcards so user text matches literally (backslash is the default escape).</summary>
    public static string Escape(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
