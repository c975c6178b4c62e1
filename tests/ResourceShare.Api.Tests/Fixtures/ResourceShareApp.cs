using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>
/// The API hosted in-process over the real HTTP pipeline, on a fresh database of its own. One instance per
/// test class (IClassFixture). Intent methods that create users, associations and listings through the API
/// belong here, so tests read as what a user does.
/// </summary>
public class ResourceShareApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public virtual async Task InitializeAsync() => ConnectionString = await TestDatabase.CreateAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (ConnectionString.Length > 0)
        {
            await TestDatabase.DropAsync(ConnectionString);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        // Tests share one client address; a limit per address would make them depend on each other.
        builder.UseSetting("RateLimiting:PermitLimit", "100000");
    }

    /// <summary>
    /// The same API on another database (one a test made empty, or changed), migrated at startup or not; the
    /// caller drops that database.
    /// </summary>
    public WebApplicationFactory<Program> OnDatabase(string connectionString, bool migrateOnStartup) =>
        WithWebHostBuilder(builder => builder
            .UseSetting("ConnectionStrings:Default", connectionString)
            .UseSetting("Database:MigrateOnStartup", migrateOnStartup ? "true" : "false"));

    /// <summary>A client that asks for answers in <paramref name="language"/> (Accept-Language).</summary>
    public HttpClient CreateClient(string language)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return client;
    }
}
