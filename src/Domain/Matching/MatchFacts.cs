using ResourceShare.Domain.Listings;

namespace ResourceShare.Domain.Matching;

/// <summary>What is known about the association behind a candidate: the trust component reads it.</summary>
public sealed record TrustFacts(bool Verified, int CompletedBookings, double? AverageRating, int RatingCount);

/// <summary>
/// Everything the score of one request–offer pair depends on. Distances in km; <see cref="ReachKm"/> is
/// max(request.maxDistanceKm, offer.serviceRadiusKm). Windows: how many of the request's windows (the
/// occurrences of a recurring request, or its alternatives) the offer serves, of how many. Sizes: capacity and
/// attendees, quantities, or seats; null where the category has none. <see cref="PublishedAt"/> is the
/// candidate's.
/// </summary>
public sealed record MatchFacts(
    ListingCategory Category,
    double DistanceKm,
    double ReachKm,
    bool BothRemote,
    int WindowsServed,
    int WindowsTotal,
    bool Recurring,
    TermsKind OfferTerms,
    decimal? OfferCostEur,
    string? ExchangeFor,
    decimal? BudgetEur,
    TrustFacts Trust,
    int? OfferedSize,
    int? NeededSize,
    DateTimeOffset PublishedAt,
    DateTimeOffset Now);
