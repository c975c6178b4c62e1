namespace ResourceShare.Domain.Webhooks;

/// <summary>When a failed webhook message is tried again: exponential back-off with jitter, up to a cap.</summary>
public static class WebhookRetry
{
    /// <summary>
    /// The pause after the <paramref name="attempt"/>-th failed attempt (1 for the first): the base doubled with each
    /// attempt, capped at <paramref name="max"/>, of which a random part up to half (<paramref name="jitter"/> in
    /// [0, 1)) is left out, so that many messages failing together do not all come back at the same moment. Below the
    /// cap, the pause after an attempt is never shorter than the one before it.
    /// </summary>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan max, double jitter)
    {
        var exponent = Math.Min(Math.Max(attempt, 1) - 1, 30);
        var full = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(full * (1 - Math.Clamp(jitter, 0, 1) / 2));
    }
}
