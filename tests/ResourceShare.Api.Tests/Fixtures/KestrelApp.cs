namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>The API on a real Kestrel server on a free loopback port, for clients that run in a process of their own.</summary>
public sealed class KestrelApp : ResourceShareApp
{
    public KestrelApp() => UseKestrel(0);

    /// <summary>The address the server listens on, once it has started (CreateClient starts it).</summary>
    public string BaseAddress
    {
        get
        {
            using var client = CreateClient();
            return client.BaseAddress!.ToString().TrimEnd('/');
        }
    }
}
