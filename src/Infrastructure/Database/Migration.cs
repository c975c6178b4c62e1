using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace ResourceShare.Infrastructure.Database;

/// <summary>One SQL file of db/migrations, embedded in this assembly.</summary>
public sealed record Migration(string Version, string Name, string Sql, string Checksum)
{
    private const string ResourcePrefix = "migrations/";

    public string FileName => $"{Version}_{Name}.sql";

    /// <summary>The embedded migrations in the order they apply.</summary>
    public static IReadOnlyList<Migration> Embedded { get; } = Load(typeof(Migration).Assembly);

    private static List<Migration> Load(Assembly assembly) =>
        assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => FromResource(assembly, n))
            .OrderBy(m => m.Version, StringComparer.Ordinal)
            .ToList();

    private static Migration FromResource(Assembly assembly, string resourceName)
    {
        var fileName = resourceName[ResourcePrefix.Length..^".sql".Length];
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        if (separator != 4 || !fileName[..4].All(char.IsAsciiDigit))
        {
            throw new InvalidOperationException(
                $"Migration file '{fileName}.sql' must be named NNNN_description.sql (four digits, underscore, purpose).");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sql = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        return new Migration(fileName[..4], fileName[5..], sql, ChecksumOf(sql));
    }

    public static string ChecksumOf(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
}
