using Microsoft.Extensions.Configuration;
using ResourceShare.Infrastructure.Outbox;
using ResourceShare.Infrastructure.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>The webhook channel of the outbox, the endpoints' store, the senders' queue and the system's DNS resolver.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(WebhookSettings.From(configuration));
        services.AddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<IOutboxChannel, WebhookChannel>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookQueue>();
        return services;
    }
}
