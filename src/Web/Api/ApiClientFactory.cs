using System.Globalization;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using ResourceShare.Web.ApiClient;
using ResourceShare.Web.Sessions;

namespace ResourceShare.Web.Api;

/// <summary>
/// The generated API client over HTTP clients from the factory. Pages get one per request (scoped) that acts for
/// the signed-in user; <see cref="WithoutSession"/> is for the token refresh itself.
/// </summary>
public sealed class ApiClientFactory(IHttpClientFactory httpClients, Uri apiBase)
{
    public const string SessionClient = "api";
    public const string PlainClient = "api-plain";

    public ResourceShareApiClient ForSession() => new(SessionAdapter());

    public ResourceShareApiClient WithoutSession() => new(Adapter(PlainClient));

    /// <summary>The signed-in user's adapter itself, for answers passed on to the browser as they came (downloads).</summary>
    public IRequestAdapter SessionAdapter() => Adapter(SessionClient);

    private HttpClientRequestAdapter Adapter(string name) =>
        new(new AnonymousAuthenticationProvider(), httpClient: httpClients.CreateClient(name))
        {
            BaseUrl = apiBase.ToString().TrimEnd('/'),
        };
}

public static class ApiClientSetup
{
    public static IServiceCollection AddResourceShareApiClient(this IServiceCollection services, Uri apiBase)
    {
        services.AddHttpContextAccessor();
        services.AddTransient<CallerHeadersHandler>();
        services.AddTransient<SessionTokenHandler>();
        services.AddTransient<HeadersInspectionHandler>();
        services.AddHttpClient(ApiClientFactory.SessionClient)
            .AddHttpMessageHandler<CallerHeadersHandler>()
            .AddHttpMessageHandler<SessionTokenHandler>()
            .AddHttpMessageHandler<HeadersInspectionHandler>();
        services.AddHttpClient(ApiClientFactory.PlainClient)
            .AddHttpMessageHandler<CallerHeadersHandler>();
        services.AddSingleton(sp => new ApiClientFactory(sp.GetRequiredService<IHttpClientFactory>(), apiBase));
        services.AddScoped(sp => sp.GetRequiredService<ApiClientFactory>().ForSession());
        return services;
    }
}

/// <summary>
/// What the API should know of the browser behind a call: its language (answers, problems and explanations come
/// in it) and its address (the API's per-address limits then count each visitor, not the web client as one).
/// </summary>
public sealed class CallerHeadersHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.AcceptLanguage.Clear();
        request.Headers.AcceptLanguage.ParseAdd(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "de");
        if (accessor.HttpContext?.Connection.RemoteIpAddress is { } address)
        {
            request.Headers.Remove("X-Forwarded-For");
            request.Headers.Add("X-Forwarded-For", address.ToString());
        }

        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Attaches the signed-in user's access token, which only the server holds.</summary>
public sealed class SessionTokenHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Handlers live outside the request's scope: the session's tokens are found through the request itself.
        if (accessor.HttpContext?.RequestServices.GetService<SessionTokens>() is { } tokens
            && await tokens.AccessTokenAsync(cancellationToken) is { } token)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
