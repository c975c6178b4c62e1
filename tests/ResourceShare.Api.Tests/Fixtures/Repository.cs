namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>Files of the repository the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The number of places in the shipped gazetteer (data lines of data/places-de.csv).</summary>
    public static int GazetteerPlaceCount() =>
        File.ReadLines(Path.Combine(Root, "data", "places-de.csv")).Skip(1).Count(line => line.Length > 0);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ResourceShare.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ResourceShare.sln above {AppContext.BaseDirectory}: the tests must run from the repository.");
    }
}
