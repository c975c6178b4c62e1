using Yarp.ReverseProxy.Configuration;

namespace ResourceShare.Web.Http;

/// <summary>
/// Forwards the API's paths to the API process, so that browser, integrators and the web client share one
/// origin. Requests and responses pass through as they are, headers included (the API sets its own).
/// </summary>
public static class ApiProxy
{
    public static IServiceCollection AddApiProxy(this IServiceCollection services, Uri apiBase)
    {
        var routes = ApiPaths.Prefixes.Select(prefix => new RouteConfig
        {
            RouteId = "api" + prefix.Replace('/', '-'),
            ClusterId = "api",
            Match = new RouteMatch { Path = prefix + "/{**rest}" },
        }).ToArray();
        var clusters = new[]
        {
            new ClusterConfig
            {
                ClusterId = "api",
                Destinations = new Dictionary<string, DestinationConfig> { ["api"] = new() { Address = apiBase.ToString() } },
            },
        };
        services.AddReverseProxy().LoadFromMemory(routes, clusters);
        return services;
    }
}
