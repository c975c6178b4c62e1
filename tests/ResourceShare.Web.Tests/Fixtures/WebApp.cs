using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Npgsql;

namespace ResourceShare.Web.Tests.Fixtures;

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<WebApp>
{
    public const string Name = "Browser";
}

/// <summary>
/// ResourceShare started as scripts/run starts it, once for all browser tests: a database of its own with the
/// migrations and the demo network, the API on a loopback port, the web client in front of it on another, and
/// one headless Debian chromium (never a downloaded browser).
/// </summary>
public sealed class WebApp : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly ConditionalWeakTable<IBrowserContext, ConcurrentQueue<string>> Foreign = new();

    private AppProcess? api;
    private AppProcess? web;
    private IPlaywright? playwright;

    public string BaseUrl { get; private set; } = "";

    public string ApiUrl { get; private set; } = "";

    public string ConnectionString { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

    public HttpClient Http { get; } = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (sudo apt-get install -y chromium); scripts/test does so as root.");
        }

        ConnectionString = await CreateDatabaseAsync();
        var dataConnectionString = new NpgsqlConnectionStringBuilder(DataRoleConnectionString)
        {
            Database = new NpgsqlConnectionStringBuilder(ConnectionString).Database,
        }.ConnectionString;
        var environment = new Dictionary<string, string>
        {
            // Migrations run as the schema's owner; the API and the web host serve as the role with data rights only.
            ["ConnectionStrings__Default"] = dataConnectionString,
            ["ConnectionStrings__Migrations"] = ConnectionString,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Auth__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
            // Every browser of the suite comes from 127.0.0.1: the per-address limits would count them as one visitor.
            ["Auth__RegistrationsPerAddress"] = "1000",
            ["Auth__LoginsPerAddress"] = "1000",
            ["RateLimiting__PermitLimit"] = "100000",
            // Access tokens of one minute: the web host refreshes them 30 seconds before they expire, so every
            // session that lasts longer than that (each journey does) goes through a refresh on the server.
            ["Auth__AccessTokenMinutes"] = "1",
            // The delivery log's test receives webhooks on a loopback port, over plain http.
            ["Webhooks__AllowLoopbackHttp"] = "true",
        };
        var apiAssembly = Repository.BuiltAssembly("Api", "ResourceShare.Api.dll");
        await AppProcess.RunAsync(apiAssembly, environment, "api", "migrate");
        await AppProcess.RunAsync(apiAssembly, environment, "api", "seed-demo");
        environment.Remove("ConnectionStrings__Migrations");

        ApiUrl = $"http://127.0.0.1:{FreePort()}";
        api = AppProcess.Start(apiAssembly, new Dictionary<string, string>(environment) { ["ASPNETCORE_URLS"] = ApiUrl }, "api");
        BaseUrl = $"http://127.0.0.1:{FreePort()}";
        web = AppProcess.Start(Repository.BuiltAssembly("Web", "ResourceShare.Web.dll"), new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = dataConnectionString,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = BaseUrl,
            ["Api__BaseUrl"] = ApiUrl,
        }, "web");
        await WaitUntilServedAsync(BaseUrl + "/health/ready");
        await WaitUntilServedAsync(BaseUrl + "/");

        Assertions.SetDefaultExpectTimeout(10_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--metrics-recording-only"],
        });
    }

    /// <summary>A fresh browser session (its own cookies) with a page at the given width, German unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, string locale = "de-DE")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            Locale = locale,
            TimezoneId = "Europe/Berlin",
        });
        // Generous waits: a sign-in hashes a password, and the suite shares two cores with whatever else runs.
        context.SetDefaultTimeout(30_000);
        var foreign = new ConcurrentQueue<string>();
        Foreign.Add(context, foreign);
        context.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(BaseUrl + "/", StringComparison.Ordinal))
            {
                foreign.Enqueue(request.Url);
            }
        };
        return await context.NewPageAsync();
    }

    /// <summary>Every request of the browser session, as Playwright logged it, that went anywhere but the app's origin.</summary>
    public static IReadOnlyCollection<string> RequestsLeavingOrigin(IBrowserContext context) =>
        Foreign.TryGetValue(context, out var foreign) ? foreign : [];

    public async Task DisposeAsync()
    {
        if (playwright is not null)
        {
            await Browser.CloseAsync();
            playwright.Dispose();
        }

        if (web is not null)
        {
            await web.DisposeAsync();
        }

        if (api is not null)
        {
            await api.DisposeAsync();
        }

        Http.Dispose();
        await DropDatabaseAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilServedAsync(string url)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            if (api!.HasExited || web!.HasExited)
            {
                throw new InvalidOperationException($"ResourceShare exited while starting; see {api.LogPath} and {web!.LogPath}");
            }

            try
            {
                using var response = await Http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{url} was not served within two minutes; see {api.LogPath} and {web.LogPath}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>The schema owner's connection to the server (scripts/test sets both); it may CREATE DATABASE.</summary>
    private static string ServerConnectionString => Setting("ConnectionStrings__Migrations") ?? DataRoleConnectionString;

    /// <summary>The role the API and the web host serve as (the owner's, when only one role is set).</summary>
    private static string DataRoleConnectionString => Setting("ConnectionStrings__Default") ?? throw new InvalidOperationException(
        "No PostgreSQL server for the tests: run scripts/test (it starts a throwaway cluster), or set " +
        "ConnectionStrings__Default to a server where this role may CREATE DATABASE (and ConnectionStrings__Migrations " +
        "to the schema owner's, if the API's role is another).");

    private static string? Setting(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    // The database name is generated from a Guid, never from input; DDL takes no parameters.
    private static async Task<string> CreateDatabaseAsync()
    {
        var name = "rs_web_" + Guid.NewGuid().ToString("N");
        await using (var conn = new NpgsqlConnection(ServerConnectionString))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    private async Task DropDatabaseAsync()
    {
        if (ConnectionString.Length == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        await using var conn = new NpgsqlConnection(ServerConnectionString);
        await conn.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
        await drop.ExecuteNonQueryAsync();
    }
}
