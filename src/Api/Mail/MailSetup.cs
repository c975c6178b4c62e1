using ResourceShare.Api.Listings;
using ResourceShare.Infrastructure.Mail;

namespace ResourceShare.Api.Mail;

public static class MailSetup
{
    /// <summary>Mail's writing, its signed links (unsubscribe, still current), the senders and the daily digest job (the channel itself comes with the infrastructure).</summary>
    public static IServiceCollection AddMailDelivery(this IServiceCollection services)
    {
        services.AddSingleton<UnsubscribeTokens>();
        services.AddSingleton<StillCurrentTokens>();
        services.AddSingleton<IMailComposer, MailComposer>();
        services.AddHostedService<MailSendService>();
        services.AddHostedService<DailyDigestService>();
        return services;
    }
}
