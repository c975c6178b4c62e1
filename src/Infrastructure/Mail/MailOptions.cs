using MailKit.Security;

namespace ResourceShare.Infrastructure.Mail;

/// <summary>The SMTP server mails go to (section Smtp). Without a host, mails are written as .eml files instead.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "ResourceShare <no-reply@resourceshare.invalid>";

    /// <summary><c>auto</c> (TLS on port 465, STARTTLS where the server offers it), <c>starttls</c> (required), <c>tls</c> (from the first byte) or <c>none</c>.</summary>
    public string Security { get; set; } = "auto";

    public SecureSocketOptions SocketOptions => Security.ToLowerInvariant() switch
    {
        "auto" => SecureSocketOptions.Auto,
        "starttls" => SecureSocketOptions.StartTls,
        "tls" => SecureSocketOptions.SslOnConnect,
        "none" => SecureSocketOptions.None,
        _ => throw new InvalidOperationException($"Smtp:Security is '{Security}'; allowed: auto, starttls, tls, none."),
    };
}

/// <summary>How mails are made and sent (section Mail).</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>Where mails are written as .eml files when no SMTP host is configured (relative to the working directory).</summary>
    public string Directory { get; set; } = ".local/mail";

    /// <summary>The site's public address, which the links in mails start with.</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>The hour (Europe/Berlin) from which each day's digest is made.</summary>
    public int DigestHour { get; set; } = 7;

    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>The pause after the first failed attempt; it doubles with every further one, up to an hour.</summary>
    public int RetrySeconds { get; set; } = 60;

    /// <summary>How long a mail is tried before it is given up and recorded as failed.</summary>
    public int GiveUpHours { get; set; } = 48;

    /// <summary>How long sent and given-up mails are kept (what was sent when, for questions and bounces).</summary>
    public int KeepDays { get; set; } = 30;
}
