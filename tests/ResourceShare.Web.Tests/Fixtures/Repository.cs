namespace ResourceShare.Web.Tests.Fixtures;

/// <summary>Files of the repository the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug: the configuration the tests (and so the API and web client beside them) were built in.</summary>
    public static string Configuration { get; } = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    /// <summary>The built assembly of a project under src/ (ResourceShare.Api.dll, ResourceShare.Web.dll).</summary>
    public static string BuiltAssembly(string project, string assembly)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build the solution first (scripts/test does).");
    }

    /// <summary>Where the tests write what a person may want to look at afterwards (screenshots, logs).</summary>
    public static string Results(string folder)
    {
        var path = Environment.GetEnvironmentVariable("RESOURCESHARE_TEST_RESULTS") is { Length: > 0 } set
            ? Path.Combine(set, folder)
            : Path.Combine(Root, ".local", "test-results", folder);
        Directory.CreateDirectory(path);
        return path;
    }

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
