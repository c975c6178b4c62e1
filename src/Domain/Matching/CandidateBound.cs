namespace ResourceShare.Domain.Matching;

/// <summary>
/// How many match candidates a listing keeps. Pairs grow with the square of the listings in an area, so a listing
/// keeps its best <see cref="Kept"/> by <see cref="MatchScorer.ListingPoints"/> and every one scoring as well as the
/// last of them: that last one's points are its floor. A pair is stored when either side keeps it, saying which; a
/// listing's matches are those it keeps. A listing that others' new pairs take past <see cref="Kept"/> (twice that
/// once it has a floor) is computed again at once. Candidates that leave (withdrawn, changed) leave the rest still
/// the best; below <see cref="RefillBelow"/> a read computes the listing's candidates again.
/// </summary>
public static class CandidateBound
{
    public const int Kept = 200;

    public const int RefillBelow = Kept / 2;

    /// <summary>Whether a pair with these points is kept by a side with this floor.</summary>
    public static bool Keeps(int? floor, int points) => floor is not { } least || points >= least;
}
