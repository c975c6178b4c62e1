using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using MimeKit;
using Npgsql;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>
/// The app sending its mails to a real SMTP server in the test process (the SmtpServer package) on a loopback port
/// of its own, with fast outbox and mail loops. Every mail the server accepts is kept, parsed, in <see cref="Received"/>;
/// <see cref="Refuse"/> lets a test make the server answer a mail with an SMTP error instead.
/// </summary>
public sealed class MailApp : ResourceShareApp
{
    public const string BaseUrl = "https://resourceshare.example";

    private readonly CancellationTokenSource stop = new();
    private SmtpServer.SmtpServer? server;
    private int port;

    public ConcurrentQueue<MimeMessage> Received { get; } = new();

    /// <summary>Answers a mail with this reply instead of accepting it, when it returns one.</summary>
    public Func<MimeMessage, SmtpResponse?> Refuse { get; set; } = _ => null;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        server = new SmtpServer.SmtpServer(options, services);
        _ = server.StartAsync(stop.Token);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await stop.CancelAsync();
        if (server is not null)
        {
            await server.ShutdownTask.WaitAsync(TimeSpan.FromSeconds(10));
        }

        stop.Dispose();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Security", "none");
        builder.UseSetting("Smtp:From", "ResourceShare <no-reply@resourceshare.example>");
        builder.UseSetting("Mail:BaseUrl", BaseUrl);
        builder.UseSetting("Mail:PollMilliseconds", "50");
        builder.UseSetting("Mail:RetrySeconds", "1");
        builder.UseSetting("Outbox:PollMilliseconds", "50");
        builder.UseSetting("SavedSearches:PollMilliseconds", "100");
    }

    /// <summary>The mails to <paramref name="email"/> received so far.</summary>
    public IReadOnlyList<MimeMessage> MailsTo(string email) =>
        Received.Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>Waits until <paramref name="email"/> has received <paramref name="count"/> mails and returns them.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMailsAsync(string email, int count = 1, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (MailsTo(email).Count < count)
        {
            Assert.True(DateTime.UtcNow < until, $"{email} received {MailsTo(email).Count} of {count} mails in time.");
            await Task.Delay(50);
        }

        return MailsTo(email);
    }

    /// <summary>Waits until every queued event has been handed to the channels (the mail rows are written then).</summary>
    /// <summary>The mails written for a person: (status, attempts, last error), and the kinds of the events waiting for their digest.</summary>
    public async Task<(IReadOnlyList<(string Status, int Attempts, string? LastError)> Mails, IReadOnlyList<string> Waiting)> MailRowsAsync(Guid userId)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        var mails = await conn.QueryAsync<(string, int, string?)>(
            "SELECT status, attempts, last_error FROM mail WHERE user_id = @userId ORDER BY created_at", new { userId });
        var waiting = await conn.QueryAsync<string>(
            """
            SELECT n.kind FROM mail_digest_item i JOIN notification n ON n.id = i.notification_id
             WHERE i.user_id = @userId AND i.mail_id IS NULL
            """,
            new { userId });
        return (mails.ToList(), waiting.ToList());
    }

    private sealed class Store(MailApp app) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (app.Refuse(message) is { } refusal)
            {
                return refusal;
            }

            app.Received.Enqueue(message);
            return SmtpResponse.Ok;
        }
    }
}
