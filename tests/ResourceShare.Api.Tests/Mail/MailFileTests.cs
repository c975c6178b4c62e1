using MimeKit;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Mail;

/// <summary>The host without an SMTP server, as scripts/run starts it: mails become .eml files in Mail:Directory.</summary>
public sealed class MailFileTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    [Fact]
    public async Task Without_an_smtp_host_the_mail_is_written_as_an_eml_file()
    {
        var parties = await app.CreateMatchPartiesAsync();

        await app.ProposeAsync(parties);

        var path = await WaitForFileAsync(parties.Provider.Owner.Email);
        var mail = await MimeMessage.LoadAsync(path);
        Assert.Equal(parties.Provider.Owner.Email, mail.To.Mailboxes.Single().Address);
        Assert.NotNull(mail.TextBody);
        Assert.NotNull(mail.HtmlBody);
        Assert.StartsWith("<http://127.0.0.1:8080/api/v1/mail/unsubscribe?token=", mail.Headers["List-Unsubscribe"]);
        Assert.Equal($"{System.IO.Path.GetFileNameWithoutExtension(path)}@resourceshare", mail.MessageId);
    }

    private async Task<string> WaitForFileAsync(string email)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (Directory.Exists(app.MailDirectory))
            {
                foreach (var file in Directory.GetFiles(app.MailDirectory, "*.eml"))
                {
                    if ((await File.ReadAllTextAsync(file)).Contains(email, StringComparison.OrdinalIgnoreCase))
                    {
                        return file;
                    }
                }
            }

            Assert.True(DateTime.UtcNow < until, $"No .eml file for {email} in {app.MailDirectory}.");
            await Task.Delay(100);
        }
    }
}
