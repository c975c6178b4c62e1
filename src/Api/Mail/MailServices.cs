using Microsoft.Extensions.Options;
using ResourceShare.Api.Http;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Mail;

namespace ResourceShare.Api.Mail;

/// <summary>
/// Every API instance sends: one due mail after the other while there are any, then a pause of
/// Mail:PollMilliseconds. Instances never send one mail at the same time (see MailSender).
/// </summary>
public sealed class MailSendService(MailSender sender, IOptions<MailOptions> options, ILogger<MailSendService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = false;
            try
            {
                sent = await sender.SendNextAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sending mail failed; trying again in {Pause}", pause);
            }

            if (!sent)
            {
                await Task.Delay(pause, stoppingToken);
            }
        }
    }
}

/// <summary>
/// Every few minutes on every instance: once the day's Mail:DigestHour (Europe/Berlin) has passed, makes the day's
/// digest of each person with events waiting from before that hour (the database lets only one instance make each,
/// see MailStore.CollectDigestsAsync), and deletes mails kept for Mail:KeepDays.
/// </summary>
public sealed class DailyDigestService(MailStore mail, IOptions<MailOptions> options, TimeProvider time, ILogger<DailyDigestService> logger)
    : PeriodicJob(logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(5);

    protected override string Work => "Making daily digests and forgetting old mails";

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var (day, cutoff) = DigestSchedule.Latest(time.GetUtcNow(), options.Value.DigestHour, Schedules.Berlin);
        return await mail.CollectDigestsAsync(day, cutoff, ct) + await mail.ForgetAsync(TimeSpan.FromDays(options.Value.KeepDays), ct);
    }
}
