using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResourceShare.Infrastructure.Outbox;

namespace ResourceShare.Infrastructure.Mail;

public static class MailServiceCollectionExtensions
{
    /// <summary>The mail channel, its store, sender and transport; the host adds an <see cref="IMailComposer"/>.</summary>
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SmtpOptions>(o => configuration.GetSection(SmtpOptions.Section).Bind(o));
        services.Configure<MailOptions>(o => configuration.GetSection(MailOptions.Section).Bind(o));
        services.AddSingleton<IOutboxChannel, MailChannel>();
        services.AddSingleton<MailStore>();
        services.AddSingleton<MailTransport>();
        services.AddSingleton<MailSender>();
        return services;
    }
}
