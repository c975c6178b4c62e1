using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ResourceShare.Api.Tests.OpenApi.Conformance;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>A signed-in user: its id, email, password, tokens and a client that sends its access token.</summary>
public sealed record TestUser(Guid Id, string Email, string Password, string AccessToken, string RefreshToken, HttpClient Client);

/// <summary>
/// The API hosted in-process over the real HTTP pipeline, on a fresh database of its own. One instance per
/// test class (IClassFixture). Intent methods create users, associations and keys through the API, so tests
/// read as what a user does.
/// </summary>
public partial class ResourceShareApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Kirschbaum-Abendrot-42";

    /// <summary>The key the API signs access tokens with in the tests; tests that forge tokens need it too.</summary>
    public const string SigningKey = "integration-suite-signing-key-0123456789-abcdefghij";

    /// <summary>The lowest PBKDF2 iteration count the API accepts: it keeps the many sign-ins of the suite fast.</summary>
    public const int PasswordIterations = 220_000;

    public ResourceShareApp() => Conformance = new ConformanceRecorder(GetType().Name);

    /// <summary>The test database, connected as the role that owns its schema (for tests that look into it or change it).</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The test database, connected as the role the API serves requests as: data rights only.</summary>
    public string DataConnectionString => TestDatabase.AsDataRole(ConnectionString);

    /// <summary>Every answer of this host (and of the hosts derived from it) checked against the OpenAPI document.</summary>
    public ConformanceRecorder Conformance { get; }

    /// <summary>Where this host writes mails as .eml files when it has no SMTP server (deleted with the host).</summary>
    public string MailDirectory { get; } = Path.Combine(Path.GetTempPath(), "resourceshare-test-mail", Guid.NewGuid().ToString("N"));

    public virtual async Task InitializeAsync() => ConnectionString = await TestDatabase.CreateAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (ConnectionString.Length > 0)
        {
            await TestDatabase.DropAsync(ConnectionString);
        }

        if (Directory.Exists(MailDirectory))
        {
            Directory.Delete(MailDirectory, recursive: true);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(Conformance));
        builder.UseSetting("ConnectionStrings:Default", DataConnectionString);
        builder.UseSetting("ConnectionStrings:Migrations", ConnectionString);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("Mail:Directory", MailDirectory);
        builder.UseSetting("Auth:PasswordIterations", PasswordIterations.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Tests share one client address; limits per address would make them depend on each other. The
        // tests of the limits themselves lower them again.
        builder.UseSetting("RateLimiting:PermitLimit", "100000");
        builder.UseSetting("Auth:LoginsPerAddress", "100000");
        builder.UseSetting("Auth:RegistrationsPerAddress", "100000");
        builder.UseSetting("Auth:RefreshesPerAddress", "100000");
    }

    /// <summary>
    /// The same API on the same database with other settings (e.g. lower sign-in limits), whose requests all
    /// come from one client address of its own, so that its per-address counters start at zero.
    /// </summary>
    public WebApplicationFactory<Program> WithSettings(params (string Key, string Value)[] settings)
    {
        var address = new IPAddress(Guid.NewGuid().ToByteArray());
        return WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ClientAddressFilter(address)));
        });
    }

    /// <summary>
    /// The same API on another database (one a test made empty, or changed), migrated at startup or not; the
    /// caller drops that database.
    /// </summary>
    public WebApplicationFactory<Program> OnDatabase(string connectionString, bool migrateOnStartup) =>
        WithWebHostBuilder(builder => builder
            .UseSetting("ConnectionStrings:Default", connectionString)
            .UseSetting("ConnectionStrings:Migrations", "")
            .UseSetting("Database:MigrateOnStartup", migrateOnStartup ? "true" : "false"));

    /// <summary>A client that asks for answers in <paramref name="language"/> (Accept-Language).</summary>
    public HttpClient CreateClient(string language)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return client;
    }

    public HttpClient CreateClientWithApiKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public HttpClient CreateClientWithToken(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>Registers a new user with a unique email and returns it signed in.</summary>
    public async Task<TestUser> RegisterAsync(string? name = null)
    {
        var email = $"{name ?? "user"}-{Guid.NewGuid():N}@example.org";
        using var anonymous = CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { email, password = Password, displayName = name ?? "Test User" });
        var body = await ReadSuccessAsync(response);
        var tokens = body.GetProperty("tokens");
        var access = tokens.GetProperty("accessToken").GetString()!;
        return new TestUser(
            body.GetProperty("user").GetProperty("id").GetGuid(), email, Password, access,
            tokens.GetProperty("refreshToken").GetString()!, CreateClientWithToken(access));
    }

    /// <summary>Creates an association owned by <paramref name="owner"/> and returns its id.</summary>
    public async Task<Guid> CreateAssociationAsync(TestUser owner, string? name = null, string city = "Frankfurt am Main")
    {
        var response = await owner.Client.PostAsJsonAsync("/api/v1/associations", new
        {
            name = name ?? $"Verein {Guid.NewGuid():N}",
            legalForm = "e.V.",
            postalCode = "60311",
            city,
            contactEmail = "kontakt@verein.example",
            languages = new[] { "de", "ar" },
        });
        return (await ReadSuccessAsync(response)).GetProperty("id").GetGuid();
    }

    /// <summary>Adds a freshly registered user to the association with the role and returns it.</summary>
    public async Task<TestUser> AddMemberAsync(TestUser owner, Guid associationId, string role)
    {
        var user = await RegisterAsync(role);
        var response = await owner.Client.PostAsJsonAsync($"/api/v1/associations/{associationId}/members", new { email = user.Email, role });
        await ReadSuccessAsync(response);
        return user;
    }

    /// <summary>Creates an API key with the scopes and returns the secret.</summary>
    public async Task<string> CreateApiKeyAsync(TestUser owner, Guid associationId, params string[] scopes)
    {
        var response = await owner.Client.PostAsJsonAsync($"/api/v1/associations/{associationId}/api-keys", new { name = "integration", scopes });
        return (await ReadSuccessAsync(response)).GetProperty("key").GetString()!;
    }

    /// <summary>Gives a registered user a platform role, as the grant-role command does.</summary>
    public async Task<TestUser> SignInWithRoleAsync(string role)
    {
        var user = await RegisterAsync(role);
        await using (var conn = new Npgsql.NpgsqlConnection(ConnectionString))
        {
            await conn.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("UPDATE app_user SET platform_role = @role WHERE id = @id", conn);
            command.Parameters.AddWithValue("role", role);
            command.Parameters.AddWithValue("id", user.Id);
            await command.ExecuteNonQueryAsync();
        }

        return await SignInAsync(user.Email, user.Password);
    }

    public async Task<TestUser> SignInAsync(string email, string password)
    {
        using var anonymous = CreateClient();
        var body = await ReadSuccessAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password }));
        var access = body.GetProperty("accessToken").GetString()!;
        var me = await CreateClientWithToken(access).GetFromJsonAsync<JsonElement>("/api/v1/me");
        return new TestUser(me.GetProperty("id").GetGuid(), email, password, access, body.GetProperty("refreshToken").GetString()!, CreateClientWithToken(access));
    }

    private static async Task<JsonElement> ReadSuccessAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} from {response.RequestMessage?.RequestUri}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private sealed class ClientAddressFilter(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
