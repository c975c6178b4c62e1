using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.ResponseCompression;
using ResourceShare.Web.Api;
using ResourceShare.Web.Http;
using ResourceShare.Web.Sessions;

namespace ResourceShare.Web;

public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddResourceShareWeb(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Default")
            ?? throw new InvalidOperationException("ConnectionStrings:Default is required: the web client keeps its sessions and keys in PostgreSQL.");
        var apiBase = new Uri(configuration["Api:BaseUrl"]
            ?? throw new InvalidOperationException("Api:BaseUrl is required: the address of the ResourceShare API."));

        services.AddNpgsqlDataSource(connectionString);
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton<DataProtectionKeyStore>();
        services.AddDataProtection().SetApplicationName("ResourceShare.Web");
        services.AddOptions<KeyManagementOptions>()
            .Configure<DataProtectionKeyStore>((options, store) => options.XmlRepository = store);

        services.AddSingleton<SessionStore>();
        services.AddScoped<SessionTokens>();
        services.AddSingleton<SessionSignIn>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "rs_session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/account/signin";
                options.AccessDeniedPath = "/account/denied";
                options.ReturnUrlParameter = "returnUrl";
                options.ExpireTimeSpan = TimeSpan.FromDays(14);
                options.SlidingExpiration = true;
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<SessionStore>((options, store) => options.SessionStore = store);
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "rs_antiforgery";
            options.Cookie.SameSite = SameSiteMode.Lax;
        });

        services.Configure<RequestLocalizationOptions>(options =>
        {
            CultureInfo[] cultures = [new("de"), new("en")];
            options.DefaultRequestCulture = new RequestCulture("de");
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        services.Configure<ForwardedHeadersOptions>(options =>
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

        // Pages, styles and scripts go out compressed (a search page stays well under 100 KB on the wire). The
        // secrets in pages, antiforgery tokens, are encrypted anew for every response, which defeats BREACH.
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ["text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml"];
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.AddMemoryCache();
        services.AddResourceShareApiClient(apiBase);
        services.AddSingleton<Categories>();
        services.AddScoped<CurrentUser>();
        services.AddApiProxy(apiBase);
        services.AddRazorComponents();
        return services;
    }
}
