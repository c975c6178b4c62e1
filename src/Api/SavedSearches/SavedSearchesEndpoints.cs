using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Api.Listings;
using ResourceShare.Api.OpenApi;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.SavedSearches;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Places;
using ResourceShare.Infrastructure.SavedSearches;

namespace ResourceShare.Api.SavedSearches;

public static class SavedSearchesEndpoints
{
    private static readonly UserText TooMany = new(
        "You keep {0} saved searches in this association already, the most you may; delete one to save another.",
        "Sie haben in diesem Verein bereits {0} gespeicherte Suchen, so viele wie erlaubt; löschen Sie eine, um eine weitere zu speichern.");

    public static IEndpointRouteBuilder MapSavedSearches(this IEndpointRouteBuilder app)
    {
        // A person's own choice, like mail preferences: API keys act for the association and may not (403).
        var group = app.MapGroup("/api/v1/associations/{id:guid}/saved-searches")
            .WithTag("Saved searches", "Searches a member keeps, whose new published listings reach them by email or the association by webhook.")
            .RequireAuthorization(AuthSetup.UserPolicy).WithValidation();

        group.MapGet("/", ListAsync)
            .WithName("ListSavedSearches").WithSummary("Your saved searches in the association")
            .WithDescription("Your own, oldest first; owners and coordinators also see the webhook searches of other members. " +
                             "Members of the association only.");
        group.MapPost("/", CreateAsync)
            .WithName("CreateSavedSearch").WithSummary("Save a search")
            .WithDescription("The filters of GET /listings (near is resolved to its place once, now), a name, a channel and a rhythm. " +
                             "Listings published from now on that match are sent: by email to you, or by webhook (owners and coordinators " +
                             "only) as the event saved_search_matched; immediately, or collected into one message a day or a week. " +
                             $"A member keeps at most {SavedSearchRules.MaxPerMember} searches in an association (429 beyond).")
            .AnswersProblem(429, $"Also when you keep {SavedSearchRules.MaxPerMember} searches in the association already (limit names it; " +
                                 "deleting one frees a place, so no Retry-After).");
        group.MapGet("/{searchId:guid}", GetAsync)
            .WithName("GetSavedSearch").WithSummary("One saved search")
            .WithDescription("Yours, or, for owners and coordinators, a webhook search of the association; any other is 404.");
        group.MapPut("/{searchId:guid}", UpdateAsync)
            .WithName("UpdateSavedSearch").WithSummary("Change a saved search")
            .WithDescription("Replaces name, filters, channel and rhythm. A new rhythm starts its first period now; finds not yet sent " +
                             "are kept and go out with the next message.");
        group.MapDelete("/{searchId:guid}", DeleteAsync)
            .WithName("DeleteSavedSearch").WithSummary("Delete a saved search")
            .WithDescription("With its finds not yet sent.");
        return app;
    }

    private static async Task<Results<Ok<SavedSearchListResponse>, ProblemHttpResult>> ListAsync(
        Guid id, Caller caller, SavedSearchStore searches, CancellationToken ct)
    {
        var (rows, refusal) = await searches.ListAsync(id, caller, ct);
        return rows is null
            ? Problems.Of(refusal!.Value)
            : TypedResults.Ok(new SavedSearchListResponse(rows.Select(r => SavedSearchResponse.From(r, caller.UserId)).ToList()));
    }

    private static async Task<Results<Ok<SavedSearchResponse>, ProblemHttpResult>> GetAsync(
        Guid id, Guid searchId, Caller caller, SavedSearchStore searches, CancellationToken ct)
    {
        var (row, refusal) = await searches.GetAsync(id, searchId, caller, ct);
        return row is null ? Problems.Of(refusal!.Value) : TypedResults.Ok(SavedSearchResponse.From(row, caller.UserId));
    }

    private static async Task<Results<Created<SavedSearchResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Guid id, SaveSearchRequest r, Caller caller, SavedSearchStore searches, PlaceStore places, CancellationToken ct)
    {
        var (search, unknownPlace) = await DefinitionAsync(r, places, ct);
        if (search is null)
        {
            return unknownPlace!;
        }

        var (row, refusal, limitReached) = await searches.CreateAsync(id, search, caller, ct);
        if (limitReached)
        {
            return Problems.Of(ProblemType.TooManyRequests, TooMany.Format(SavedSearchRules.MaxPerMember),
                new Dictionary<string, object?> { ["limit"] = SavedSearchRules.MaxPerMember });
        }

        return row is null
            ? Problems.Of(refusal!.Value)
            : TypedResults.Created($"/api/v1/associations/{id}/saved-searches/{row.Id}", SavedSearchResponse.From(row, caller.UserId));
    }

    private static async Task<Results<Ok<SavedSearchResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, Guid searchId, SaveSearchRequest r, Caller caller, SavedSearchStore searches, PlaceStore places, CancellationToken ct)
    {
        var (search, unknownPlace) = await DefinitionAsync(r, places, ct);
        if (search is null)
        {
            return unknownPlace!;
        }

        var (row, refusal) = await searches.UpdateAsync(id, searchId, search, caller, ct);
        return row is null ? Problems.Of(refusal!.Value) : TypedResults.Ok(SavedSearchResponse.From(row, caller.UserId));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, Guid searchId, Caller caller, SavedSearchStore searches, CancellationToken ct) =>
        await searches.DeleteAsync(id, searchId, caller, ct) is { } refusal ? Problems.Of(refusal) : TypedResults.NoContent();

    /// <summary>The search as the store keeps it, its filters read as GET /listings reads them.</summary>
    private static async Task<(SavedSearchDefinition? Search, ValidationProblem? UnknownPlace)> DefinitionAsync(
        SaveSearchRequest r, PlaceStore places, CancellationToken ct)
    {
        var query = r.Filters!.ToQuery();
        var (filter, unknownPlace) = await ListingSearchEndpoint.FilterAsync(query, "filters.near", places, ct);
        if (filter is null)
        {
            return (null, unknownPlace);
        }

        return (new SavedSearchDefinition(
            r.Name!.Trim(), JsonSerializer.Serialize(query, ApiJsonContext.Default.ListingSearchQuery), filter,
            EnumText<SavedSearchChannel>.Parse(r.Channel!), EnumText<SavedSearchRhythm>.Parse(r.Rhythm!)), null);
    }
}

/// <summary>
/// Every SavedSearches:PollMilliseconds (2 s), on every instance: matches newly published listings against the saved
/// searches and sends what is due, 100 at a time.
/// </summary>
public sealed class SavedSearchService(SavedSearchMatcher matcher, TimeProvider time, IConfiguration configuration, ILogger<SavedSearchService> logger)
    : PeriodicJob(logger)
{
    private const int BatchSize = 100;

    protected override TimeSpan Interval { get; } = TimeSpan.FromMilliseconds(configuration.GetValue("SavedSearches:PollMilliseconds", 2000));

    protected override string Work => "Matching saved searches";

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var matched = await matcher.MatchQueuedAsync(BatchSize, ct);
        return matched + await matcher.SendDueAsync(time.GetUtcNow().UtcDateTime, BatchSize, ct);
    }
}
