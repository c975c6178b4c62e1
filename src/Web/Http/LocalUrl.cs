namespace ResourceShare.Web.Http;

public static class LocalUrl
{
    /// <summary>The given URL if it stays on this site (a path, not //host or a scheme), else the start page.</summary>
    public static string OrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";
}
