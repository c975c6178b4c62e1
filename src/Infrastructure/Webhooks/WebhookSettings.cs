using Microsoft.Extensions.Configuration;

namespace ResourceShare.Infrastructure.Webhooks;

/// <summary>The Webhooks settings (README, Configuration), read once.</summary>
public sealed record WebhookSettings(
    bool AllowLoopbackHttp, TimeSpan Timeout, TimeSpan RetryBase, TimeSpan RetryMax, TimeSpan RetryWindow, TimeSpan Lease, TimeSpan Poll,
    int BatchSize, int DisableAfterFailures, TimeSpan DisableAfter, TimeSpan KeepLog)
{
    public static WebhookSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Webhooks");
        return new WebhookSettings(
            section.GetValue("AllowLoopbackHttp", false),
            TimeSpan.FromSeconds(section.GetValue("TimeoutSeconds", 10.0)),
            TimeSpan.FromSeconds(section.GetValue("RetryBaseSeconds", 30.0)),
            TimeSpan.FromSeconds(section.GetValue("RetryMaxSeconds", 6 * 3600.0)),
            TimeSpan.FromSeconds(section.GetValue("RetryWindowSeconds", 3 * 86400.0)),
            TimeSpan.FromSeconds(section.GetValue("LeaseSeconds", 60.0)),
            TimeSpan.FromMilliseconds(section.GetValue("PollMilliseconds", 1000.0)),
            section.GetValue("BatchSize", 20),
            section.GetValue("DisableAfterFailures", 10),
            TimeSpan.FromSeconds(section.GetValue("DisableAfterSeconds", 86400.0)),
            TimeSpan.FromDays(section.GetValue("KeepLogDays", 30.0)));
    }
}
