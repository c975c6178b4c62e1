using System.Net;
using System.Net.Sockets;
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
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = ConnectionString,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Auth__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
            // Every browser of the suite comes from 127.0.0.1: the per-address limits would count them as one visitor.
            ["Auth__RegistrationsPerAddress"] = "1000",
            ["Auth__LoginsPerAddress"] = "1000",
            ["RateLimiting__PermitLimit"] = "100000",
        };
        var apiAssembly = Repository.BuiltAssembly("Api", "ResourceShare.Api.dll");
        await AppProcess.RunAsync(apiAssembly, environment, "api", "migrate");
        await AppProcess.RunAsync(apiAssembly, environment, "api", "seed-demo");

        ApiUrl = $"http://127.0.0.1:{FreePort()}";
        api = AppProcess.Start(apiAssembly, new Dictionary<string, string>(environment) { ["ASPNETCORE_URLS"] = ApiUrl }, "api");
        BaseUrl = $"http://127.0.0.1:{FreePort()}";
        web = AppProcess.Start(Repository.BuiltAssembly("Web", "ResourceShare.Web.dll"), new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = ConnectionString,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = BaseUrl,
            ["Api__BaseUrl"] = ApiUrl,
        }, "web");
        await WaitUntilServedAsync(BaseUrl + "/health/ready");
        await WaitUntilServedAsync(BaseUrl + "/");

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
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

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

    private static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Default") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "No PostgreSQL server for the tests: run scripts/test (it starts a throwaway cluster), or set " +
                "ConnectionStrings__Default to a server where this role may CREATE DATABASE.");

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
