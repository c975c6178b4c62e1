using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Api.OpenApi;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Listings;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Matching;

namespace ResourceShare.Api.Matching;

public static class MatchingEndpoints
{
    private static readonly UserText NotPublished = new(
        "Only a published listing has matches; this one is {0}.", "Nur eine veröffentlichte Anzeige hat Treffer; diese hat den Status {0}.");

    public static IEndpointRouteBuilder MapMatching(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/listings/{id:guid}/matches", FindAsync)
            .WithTag("Matching", "Ranked counterparts of a listing, with the reasons for their scores and the near misses.")
            .RequireAuthorization(AuthSetup.UserOrKeyPolicy).WithValidation()
            .WithName("ListListingMatches").WithSummary("Ranked matches of a published listing")
            .WithDescription(
                "For a request the published offers, for an offer the requests, that pass every hard constraint (category, time " +
                "without confirmed bookings, place, fit, budget), best first, each with its score (0–100) and per component " +
                "(distance, time, cost, trust, size, freshness) its value, weight and reason in the caller's language. A listing " +
                "with more than 200 candidates keeps its 200 best by the score without trust and freshness (the listings' own part) " +
                "and every one scoring as well as the last of them; matches are ranked among those. When fewer " +
                "than `limit` qualify, nearMisses lists the best candidates failing exactly one constraint, named in unmet: those that " +
                "confirmed bookings took (unmet booking), and among the 200 nearest counterparts (for a listing open to remote work " +
                "also the 200 nearest that are too) those within twice the reach plus 25 km. For " +
                "the listing's own association (members, API keys with listings:read or listings:write) and moderators; others " +
                "get 403 for a published listing and 404 otherwise. A listing that is not published answers 409 naming its status.")
            .AnswersProblem(409, "The listing is not published (or its validUntil passed): currentStatus names its status.");
        return app;
    }

    private static async Task<Results<Ok<MatchListResponse>, ProblemHttpResult>> FindAsync(
        Guid id, [AsParameters] MatchesQuery query, Caller caller, MatchingStore matching, CancellationToken ct) =>
        await matching.FindAsync(id, caller, query.Limit ?? MatchesQuery.DefaultLimit, ct) switch
        {
            MatchLookup.Found found => TypedResults.Ok(new MatchListResponse(
                found.Source.Id, found.Source.Kind,
                found.Matches.Select(MatchCandidateResponse.From).ToList(), found.NearMisses.Select(MatchCandidateResponse.From).ToList())),
            MatchLookup.NotPublished wrong => Problems.Of(ProblemType.Conflict, NotPublished.Format(EnumText<ListingStatus>.Of(wrong.Current)),
                new Dictionary<string, object?> { ["currentStatus"] = EnumText<ListingStatus>.Of(wrong.Current) }),
            MatchLookup.Refused { Refusal: Refusal.Forbidden } => Problems.Of(ProblemType.Forbidden),
            _ => Problems.Of(ProblemType.NotFound),
        };
}

public sealed record MatchesQuery([property: FromQuery(Name = "limit")] int? Limit)
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;
}

public sealed class MatchesQueryValidator : AbstractValidator<MatchesQuery>
{
    public MatchesQueryValidator() => RuleFor(x => x.Limit).InclusiveBetween(1, MatchesQuery.MaxLimit);
}
