using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ResourceShare.Infrastructure.Mail;

/// <summary>
/// Hands a mail to the SMTP server of Smtp:Host with MailKit, or, without a host (development), writes it as an .eml
/// file into Mail:Directory. The Message-ID is the mail's id, so a mail sent twice (at least once) is recognisably one.
/// </summary>
public sealed class MailTransport
{
    private readonly SmtpOptions smtp;
    private readonly SecureSocketOptions security;
    private readonly string? host;
    private readonly string directory;

    public MailTransport(IOptions<SmtpOptions> smtp, IOptions<MailOptions> mail, ILogger<MailTransport> logger)
    {
        this.smtp = smtp.Value;
        // Read here, so that an unknown Smtp:Security stops the start rather than every mail.
        security = this.smtp.SocketOptions;
        host = string.IsNullOrWhiteSpace(this.smtp.Host) ? null : this.smtp.Host;
        directory = Path.GetFullPath(mail.Value.Directory);
        if (host is null)
        {
            logger.LogInformation("No SMTP server configured (Smtp__Host): mails are written as .eml files to {Directory}", directory);
        }
        else
        {
            logger.LogInformation("Mails are sent through {Host}:{Port}", host, this.smtp.Port);
        }
    }

    public async Task SendAsync(MailToSend mail, ComposedMail content, CancellationToken ct)
    {
        using var message = Build(mail, content);
        if (host is null)
        {
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, $"{mail.Id}.eml");
            var partial = path + ".partial";
            await message.WriteToAsync(partial, ct);
            File.Move(partial, path, overwrite: true);
            return;
        }

        using var client = new SmtpClient();
        await client.ConnectAsync(host, smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    private MimeMessage Build(MailToSend mail, ComposedMail content)
    {
        var message = new MimeMessage
        {
            Subject = content.Subject,
            MessageId = $"{mail.Id}@resourceshare",
            Date = DateTimeOffset.UtcNow,
            Body = new BodyBuilder { TextBody = content.Text, HtmlBody = content.Html }.ToMessageBody(),
        };
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(new MailboxAddress(mail.To.DisplayName, mail.To.Email));
        // RFC 8058: a mail program may offer one-click unsubscribing, a POST to this address without a page.
        message.Headers.Add("List-Unsubscribe", $"<{content.UnsubscribeUrl}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        // RFC 3834: written by a program, so out-of-office replies stay away.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }
}
