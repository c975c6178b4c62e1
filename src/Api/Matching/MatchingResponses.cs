using ResourceShare.Api.Http;
using ResourceShare.Api.Matches;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matching;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Matching;

namespace ResourceShare.Api.Matching;

/// <summary>One component of a score: value 0–1, its weight in the score, and why, in the caller's language.</summary>
public sealed record ScoreComponentResponse(string Name, double Value, double Weight, string Reason);

/// <summary>The one hard constraint a near miss fails, and what to relax.</summary>
public sealed record UnmetConstraintResponse(string Constraint, string Reason);

/// <summary>
/// A counterpart listing. windows: the request's windows the offer can serve (for a recurring request its
/// occurrences), of windowsTotal. distanceKm is null when both sides work remotely. unmet is set on near
/// misses only.
/// </summary>
public sealed record MatchCandidateResponse(
    Guid ListingId, string Title, Guid AssociationId, string AssociationName, int Score, double? DistanceKm,
    IReadOnlyList<MatchWindowResponse> Windows, int WindowsTotal, IReadOnlyList<ScoreComponentResponse> Components,
    UnmetConstraintResponse? Unmet)
{
    public static MatchCandidateResponse From(MatchCandidate candidate) => new(
        candidate.ListingId, candidate.Title, candidate.AssociationId, candidate.AssociationName, candidate.Score.Score, candidate.DistanceKm,
        candidate.Served.Select(MatchWindowResponse.From).ToList(), candidate.WindowsTotal,
        candidate.Score.Components.Select(s => new ScoreComponentResponse(EnumText<MatchComponent>.Of(s.Component), s.Value, s.Weight, Text(s.Reason))).ToList(),
        candidate.Shortfall is { } unmet ? new UnmetConstraintResponse(unmet.Constraint, Text(unmet.Reason)) : null);

    private static string Text(LocalText text) => new UserText(text.En, text.De).ToString();
}

/// <summary>The ranked matches of a listing and, when fewer than the limit qualify, its near misses.</summary>
public sealed record MatchListResponse(
    Guid ListingId, ListingKind Kind, IReadOnlyList<MatchCandidateResponse> Matches, IReadOnlyList<MatchCandidateResponse> NearMisses);
