using ResourceShare.Infrastructure.Mail;

namespace ResourceShare.Api.Mail;

public static class MailSetup
{
    /// <summary>Mail's writing, unsubscribe links, the senders and the daily digest job (the channel itself comes with the infrastructure).</summary>
    public static IServiceCollection AddMailDelivery(this IServiceCollection services)
    {
        services.AddSingleton<UnsubscribeTokens>();
        services.AddSingleton<IMailComposer, MailComposer>();
        services.AddHostedService<MailSendService>();
        services.AddHostedService<DailyDigestService>();
        return services;
    }
}
