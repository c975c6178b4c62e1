namespace ResourceShare.Domain.Matching;

public enum MatchComponent
{
    Distance,
    Time,
    Cost,
    Trust,
    Size,
    Freshness,
}

public sealed record ComponentWeight(MatchComponent Component, double Weight);

public static class MatchWeights
{
    /// <summary>
    /// The weights of the score's components; they add up to 1, so the score (0–100) is 100 × the weighted sum
    /// of the component values (each 0–1). What each value measures is in <see cref="MatchScorer"/>.
    /// <list type="table">
    /// <item><term>distance 0.25</term><description>1 at the same place or when both sides work remotely, 0.2 at the edge of the reach.</description></item>
    /// <item><term>time 0.20</term><description>a recurring request: the share of its occurrences served; alternatives: 1 when one fits.</description></item>
    /// <item><term>cost 0.15</term><description>free 1, exchange 0.6, a cost share from 0.8 (nearly nothing) down to 0.2 (the whole budget).</description></item>
    /// <item><term>trust 0.15</term><description>verified 0.4, completed bookings up to 0.3 (five or more), average rating up to 0.3 (none yet: 0.15).</description></item>
    /// <item><term>size 0.15</term><description>rooms and vehicles: 1 up to twice the size needed, then falling (a 300-seat hall for 10 people: 0.07); other categories 1.</description></item>
    /// <item><term>freshness 0.10</term><description>1 when published today, 0 after 60 days.</description></item>
    /// </list>
    /// </summary>
    public static readonly ComponentWeight[] Table =
    [
        new(MatchComponent.Distance, 0.25),
        new(MatchComponent.Time, 0.20),
        new(MatchComponent.Cost, 0.15),
        new(MatchComponent.Trust, 0.15),
        new(MatchComponent.Size, 0.15),
        new(MatchComponent.Freshness, 0.10),
    ];

    /// <summary>A newly published listing notifies the association of a counterpart scoring at least this (push).</summary>
    public const int NotifyThreshold = 60;
}
