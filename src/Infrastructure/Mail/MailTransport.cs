using MailKit.Net.Smtp;
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
    private readonly string? directory;

    public MailTransport(IOptions<SmtpOptions> smtp, IOptions<MailOptions> mail, ILogger<MailTransport> logger)
    {
        this.smtp = smtp.Value;
        if (string.IsNullOrWhiteSpace(this.smtp.Host))
        {
            directory = Path.GetFullPath(mail.Value.Directory);
            logger.LogInformation("No SMTP server configured (Smtp__Host): mails are written as .eml files to {Directory}", directory);
        }
        else
        {
            logger.LogInformation("Mails are sent through {Host}:{Port}", this.smtp.Host, this.smtp.Port);
            _ = this.smtp.SocketOptions;
        }
    }

    public async Task SendAsync(MailToSend mail, ComposedMail content, CancellationToken ct)
    {
        using var message = Build(mail, content);
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, $"{mail.Id}.eml");
            var partial = path + ".partial";
            await message.WriteToAsync(partial, ct);
            File.Move(partial, path, overwrite: true);
            return;
        }

        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.SocketOptions, ct);
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
