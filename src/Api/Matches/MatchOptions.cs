namespace ResourceShare.Api.Matches;

/// <summary>Fairness limits and the completion job's pace (appsettings section "Matching"), checked at startup.</summary>
public sealed class MatchOptions
{
    public const string Section = "Matching";

    /// <summary>Proposals an association may have waiting for an answer at once.</summary>
    public int MaxOpenProposals { get; set; } = 20;

    /// <summary>Confirmed bookings of one offer that have not ended, per requesting association.</summary>
    public int MaxFutureBookingsPerOffer { get; set; } = 10;

    public int CompletionIntervalSeconds { get; set; } = 60;

    public bool IsValid => MaxOpenProposals > 0 && MaxFutureBookingsPerOffer > 0 && CompletionIntervalSeconds > 0;
}
