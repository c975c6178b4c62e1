using ResourceShare.Domain.Webhooks;

namespace ResourceShare.Domain.Tests.Webhooks;

public class WebhookRetryTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Max = TimeSpan.FromHours(6);

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(5, 480)]
    [InlineData(10, 15360)]
    [InlineData(11, 21600)]
    [InlineData(40, 21600)]
    public void Pause_doubles_with_each_attempt_up_to_the_cap(int attempt, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), WebhookRetry.Delay(attempt, Base, Max, jitter: 0));

    [Theory]
    [InlineData(0.0, 240)]
    [InlineData(0.5, 180)]
    [InlineData(0.999999, 120.00003)]
    public void Jitter_leaves_out_up_to_half_of_the_pause(double jitter, double seconds) =>
        Assert.Equal(seconds, WebhookRetry.Delay(4, Base, Max, jitter).TotalSeconds, precision: 3);

    [Fact]
    public void Below_the_cap_no_pause_is_shorter_than_the_one_before_whatever_the_jitter()
    {
        for (var attempt = 1; attempt < 10; attempt++)
        {
            Assert.True(WebhookRetry.Delay(attempt + 1, Base, Max, jitter: 0.999999) >= WebhookRetry.Delay(attempt, Base, Max, jitter: 0));
        }
    }

    [Fact]
    public void Default_schedule_retries_about_twenty_times_in_three_days()
    {
        var elapsed = TimeSpan.Zero;
        var attempts = 1;
        while (elapsed + WebhookRetry.Delay(attempts, Base, Max, jitter: 0) <= TimeSpan.FromDays(3))
        {
            elapsed += WebhookRetry.Delay(attempts, Base, Max, jitter: 0);
            attempts++;
        }

        Assert.InRange(attempts, 18, 22);
    }
}
