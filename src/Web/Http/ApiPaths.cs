namespace ResourceShare.Web.Http;

/// <summary>The paths that belong to the API on the shared origin: everything else is the web client's.</summary>
public static class ApiPaths
{
    public static readonly string[] Prefixes = ["/api", "/openapi", "/swagger", "/health"];

    public static bool IsApi(PathString path) =>
        Prefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));
}
