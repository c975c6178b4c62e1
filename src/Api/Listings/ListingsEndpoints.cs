using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Api.OpenApi;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Listings;
using ResourceShare.Infrastructure.Associations;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Listings;

namespace ResourceShare.Api.Listings;

public static class ListingsEndpoints
{
    /// <summary>The OpenAPI tag of every listing endpoint, wherever it is mapped.</summary>
    internal const string Tag = "Listings";

    internal const string TagDescription =
        "Offers and requests of rooms, interpreting, equipment, vehicles and know-how: their lifecycle and the search.";

    private static readonly UserText WrongStatus = new(
        "Not possible while the listing is {0}.", "Nicht möglich, solange die Anzeige den Status {0} hat.");

    public static IEndpointRouteBuilder MapListings(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/categories", Categories).WithTag(Tag, TagDescription).AllowAnonymous()
            .WithName("ListCategories").WithSummary("The listing categories and the details each takes")
            .WithDescription("German and English names, the detail fields of an offer and of a request, which are required, and the vocabularies of fixed-value fields.");

        var group = app.MapGroup("/api/v1/listings").WithTag(Tag, TagDescription).WithValidation();
        group.MapListingSearch();
        group.MapPost("/", CreateAsync).RequireAuthorization(AuthSetup.UserOrKeyPolicy).WithIdempotency()
            .WithName("CreateListing").WithETag().WithSummary("Create an offer or a request (as a draft)")
            .WithDescription("Coordinators and owners, or an API key with listings:write. Details are validated per category; " +
                             "a place without coordinates is resolved through the gazetteer. Honours Idempotency-Key.")
            .AnswersProblem(404, "The association named in associationId does not exist or is not visible to you.");
        group.MapGet("/{id:guid}", GetAsync).AllowAnonymous()
            .WithName("GetListing").WithETag().WithSummary("A listing")
            .WithDescription("Published listings for everybody; drafts and other statuses only for the association itself and moderators.");
        group.MapPatch("/{id:guid}", UpdateAsync).RequireAuthorization(AuthSetup.UserOrKeyPolicy)
            .WithName("UpdateListing").WithETag().WithSummary("Change a listing")
            .WithDescription("Fields left out stay. Honours If-Match (412 when stale). Closed, expired, rejected and removed listings cannot change.")
            .AnswersProblem(409, "Type invalid-transition, with currentStatus: closed, expired, rejected and removed listings cannot change.");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(AuthSetup.UserOrKeyPolicy)
            .WithName("DeleteListing").WithSummary("Delete a draft")
            .WithDescription("Only drafts; close a published listing instead.")
            .AnswersProblem(409, "Type invalid-transition, with currentStatus: only drafts can be deleted; close a published listing instead.");
        group.MapPost("/{id:guid}/publish", PublishAsync).RequireAuthorization(AuthSetup.UserOrKeyPolicy)
            .WithName("PublishListing").WithETag().WithSummary("Publish a draft")
            .WithDescription("A verified association's listing is published at once; an unverified one's goes to pending_review.")
            .AnswersProblem(409, "Type invalid-transition, with currentStatus: the listing is not a draft (publishing again, say); or the association is suspended.");
        group.MapPost("/{id:guid}/pause", PauseAsync).RequireAuthorization(AuthSetup.UserOrKeyPolicy)
            .WithName("PauseListing").WithETag().WithSummary("Pause a published listing")
            .WithDescription("Hides it from search and matching until resumed. Honours If-Match.")
            .AnswersProblem(409, "Type invalid-transition, with currentStatus: only a published listing can be paused.");
        group.MapPost("/{id:guid}/resume", ResumeAsync).RequireAuthorization(AuthSetup.UserOrKeyPolicy)
            .WithName("ResumeListing").WithETag().WithSummary("Publish a paused listing again")
            .WithDescription("Only from paused. Honours If-Match.")
            .AnswersProblem(409, "Type invalid-transition, with currentStatus: only a paused listing can be resumed.");
        group.MapPost("/{id:guid}/close", CloseAsync).RequireAuthorization(AuthSetup.UserOrKeyPolicy)
            .WithName("CloseListing").WithETag().WithSummary("Close a listing as fulfilled or withdrawn")
            .WithDescription("From published or paused; a closed listing stays on record and cannot be changed. Honours If-Match.")
            .AnswersProblem(409, "Type invalid-transition, with currentStatus: only published and paused listings can be closed.");

        app.MapGet("/api/v1/associations/{id:guid}/listings", ListOwnAsync).WithTag(Tag, TagDescription)
            .RequireAuthorization(AuthSetup.UserOrKeyPolicy).WithValidation()
            .WithName("ListAssociationListings").WithSummary("All listings of an association, in every status")
            .WithDescription("For its members, its API keys with listings:read, and moderators. Newest first, cursor-paged.");
        return app;
    }

    private static Ok<CategoryListResponse> Categories()
    {
        var names = new Dictionary<ListingCategory, (string En, string De)>
        {
            [ListingCategory.Room] = ("Rooms", "Räume"),
            [ListingCategory.Interpreting] = ("Interpreting and translation", "Dolmetschen und Übersetzen"),
            [ListingCategory.Equipment] = ("Equipment", "Ausstattung"),
            [ListingCategory.Vehicle] = ("Vehicles", "Fahrzeuge"),
            [ListingCategory.Expertise] = ("Know-how", "Fachwissen"),
            [ListingCategory.Other] = ("Other", "Sonstiges"),
        };
        var vocabularies = new Dictionary<ListingCategory, IReadOnlyDictionary<string, IReadOnlyList<string>>>
        {
            [ListingCategory.Room] = new Dictionary<string, IReadOnlyList<string>> { ["features"] = CategoryFields.RoomFeatures },
            [ListingCategory.Interpreting] = new Dictionary<string, IReadOnlyList<string>>
            {
                ["modes"] = CategoryFields.InterpretingModes,
                ["delivery"] = CategoryFields.DeliveryModes,
            },
        };
        return TypedResults.Ok(new CategoryListResponse(Enum.GetValues<ListingCategory>().Select(c => new CategoryResponse(
            c, names[c].En, names[c].De,
            CategoryFields.For(c, ListingKind.Offer), CategoryFields.For(c, ListingKind.Request),
            CategoryFields.RequiredFor(c, ListingKind.Offer), CategoryFields.RequiredFor(c, ListingKind.Request),
            vocabularies.GetValueOrDefault(c) ?? new Dictionary<string, IReadOnlyList<string>>())).ToList()));
    }

    private static async Task<Results<Created<ListingResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateListingRequest request, Caller caller, HttpContext http, ListingStore listings, ListingContentBuilder builder, AssociationStore associations,
        CancellationToken ct)
    {
        var associationId = request.AssociationId ?? caller.KeyAssociationId ?? await associations.OnlyMembershipAsync(caller, ct);
        if (associationId is null)
        {
            return Problems.AssociationRequired();
        }

        var (content, errors, suggestions) = await builder.BuildAsync(new ListingContentBuilder.Parts(
            request.Kind!.Value, request.Category!.Value, request.Title!, request.Description ?? "", request.ContentLanguage!, request.Details!, request.Place!, request.Schedule!, request.Terms!, request.ValidUntil), ct);
        if (content is null)
        {
            return InvalidContent(errors, suggestions);
        }

        var (row, refusal) = await listings.CreateAsync(associationId.Value, caller, content, ct);
        if (row is null)
        {
            return Problems.Of(refusal);
        }

        ETags.Set(http, row.Version);
        return TypedResults.Created($"/api/v1/listings/{row.Id}", ListingResponse.From(row));
    }

    private static async Task<Results<Ok<ListingResponse>, NotFound>> GetAsync(Guid id, Caller caller, HttpContext http, ListingStore listings, CancellationToken ct)
    {
        var row = await listings.GetAsync(id, caller, ct);
        if (row is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, row.Version);
        return TypedResults.Ok(ListingResponse.From(row));
    }

    private static async Task<Results<Ok<ListingResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateListingRequest request, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch,
        ListingStore listings, ListingContentBuilder builder, CreateListingRequestValidator validator, CancellationToken ct)
    {
        var current = await listings.GetAsync(id, caller, ct);
        if (current is null)
        {
            return Problems.Of(ProblemType.NotFound);
        }

        var before = ListingResponse.From(current);
        var merged = new CreateListingRequest(
            current.AssociationId, current.Kind, current.Category, request.Title ?? current.Title, request.Description ?? current.Description,
            request.ContentLanguage ?? current.ContentLanguage, request.Details ?? before.Details,
            request.Place ?? new PlaceDto(current.PostalCode, current.City, current.Latitude, current.Longitude, current.StreetAddress,
                current.ServiceRadiusKm, current.MaxDistanceKm, current.RemoteOk),
            request.Schedule ?? before.Schedule,
            request.Terms ?? new TermsDto(current.Terms, current.CostEur, current.ExchangeFor, current.MaxBudgetEur),
            request.ValidUntil ?? current.ValidUntil);
        // The kept validUntil is not checked against the clock again (the filter checked a new one), so that an
        // expired listing answers 409 for its status rather than 400 for a date nobody sent.
        var validation = await validator.ValidateAsync(merged with { ValidUntil = request.ValidUntil }, ct);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors.GroupBy(e => ValidationFilter.FieldName(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
        }

        var (content, errors, suggestions) = await builder.BuildAsync(new ListingContentBuilder.Parts(
            current.Kind, current.Category, merged.Title!, merged.Description!, merged.ContentLanguage!, merged.Details!, merged.Place!,
            merged.Schedule!, merged.Terms!, merged.ValidUntil, NewSchedule: request.Schedule is not null), ct);
        if (content is null)
        {
            return InvalidContent(errors, suggestions);
        }

        return await listings.UpdateAsync(id, caller, content, ETags.Expected(ifMatch), ct) switch
        {
            ListingChange.Done done => Ok(http, done.Row),
            var other => Problem(other),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, Caller caller, [FromHeader(Name = "If-Match")] string? ifMatch, ListingStore listings, CancellationToken ct) =>
        await listings.DeleteDraftAsync(id, caller, ETags.Expected(ifMatch), ct) switch
        {
            ListingChange.Deleted => TypedResults.NoContent(),
            var other => Problem(other),
        };

    private static async Task<Results<Ok<ListingResponse>, ProblemHttpResult>> PublishAsync(
        Guid id, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, ListingStore listings, CancellationToken ct)
    {
        var current = await listings.GetAsync(id, caller, ct);
        if (current is null)
        {
            return Problems.Of(ProblemType.NotFound);
        }

        if (!ListingTransitions.MayGoLive(current.AssociationStatus))
        {
            return Problems.Of(ProblemType.AssociationSuspended);
        }

        var target = ListingTransitions.PublishTarget(current.AssociationStatus == VerificationStatus.Verified);
        return await TransitionAsync(http, listings, id, caller, target, ifMatch, ct);
    }

    private static Task<Results<Ok<ListingResponse>, ProblemHttpResult>> PauseAsync(
        Guid id, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, ListingStore listings, CancellationToken ct) =>
        TransitionAsync(http, listings, id, caller, ListingStatus.Paused, ifMatch, ct);

    private static async Task<Results<Ok<ListingResponse>, ProblemHttpResult>> ResumeAsync(
        Guid id, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, ListingStore listings, CancellationToken ct)
    {
        if (await listings.GetAsync(id, caller, ct) is { } current && !ListingTransitions.MayGoLive(current.AssociationStatus))
        {
            return Problems.Of(ProblemType.AssociationSuspended);
        }

        return await TransitionAsync(http, listings, id, caller, ListingStatus.Published, ifMatch, ct, resume: true);
    }

    private static Task<Results<Ok<ListingResponse>, ProblemHttpResult>> CloseAsync(
        Guid id, CloseListingRequest request, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, ListingStore listings,
        CancellationToken ct) =>
        TransitionAsync(http, listings, id, caller, ListingStatus.Closed, ifMatch, ct, request.Reason);

    private static async Task<Results<Ok<ListingPage>, ValidationProblem, ProblemHttpResult>> ListOwnAsync(
        Guid id, [AsParameters] PageQuery query, Caller caller, ListingStore listings, CancellationToken ct)
    {
        if (!Cursor.TryDecode(query.Cursor, ApiJsonContext.Default.ListingPosition, out var after))
        {
            return Problems.Validation(Cursor.InvalidError());
        }

        var limit = query.Limit ?? PageQuery.DefaultLimit;
        var (rows, refusal) = await listings.ListOwnAsync(id, caller, after, limit + 1, ct);
        if (rows is null)
        {
            return Problems.Of(refusal);
        }

        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? Cursor.Encode(new ListingPosition(page[^1].CreatedAt, page[^1].Id), ApiJsonContext.Default.ListingPosition) : null;
        return TypedResults.Ok(new ListingPage(page.Select(ListingResponse.From).ToList(), next));
    }

    /// <summary>Moves the listing to <paramref name="to"/> from wherever the domain lets the association start that move.</summary>
    private static async Task<Results<Ok<ListingResponse>, ProblemHttpResult>> TransitionAsync(
        HttpContext http, ListingStore listings, Guid id, Caller caller, ListingStatus to, string? ifMatch,
        CancellationToken ct, CloseReason? reason = null, bool resume = false)
    {
        var from = ListingTransitions.AssociationMoveFrom(to, resume);
        return ChangeResult(http, await listings.TransitionAsync(id, caller, from, to, reason, ETags.Expected(ifMatch), ct));
    }

    /// <summary>A listing change as the answer: the listing with its ETag, or the problem that explains why not.</summary>
    internal static Results<Ok<ListingResponse>, ProblemHttpResult> ChangeResult(HttpContext http, ListingChange change) =>
        change switch
        {
            ListingChange.Done done => Ok(http, done.Row),
            var other => Problem(other),
        };

    private static Ok<ListingResponse> Ok(HttpContext http, ListingRow row)
    {
        ETags.Set(http, row.Version);
        return TypedResults.Ok(ListingResponse.From(row));
    }

    private static ProblemHttpResult Problem(ListingChange change) => change switch
    {
        ListingChange.WrongStatus wrong => Problems.Of(ProblemType.InvalidTransition, WrongStatus.Format(EnumText<ListingStatus>.Of(wrong.Current)),
            new Dictionary<string, object?> { ["currentStatus"] = EnumText<ListingStatus>.Of(wrong.Current) }),
        ListingChange.Refused refused => Problems.Of(refused.Refusal),
        _ => Problems.Of(ProblemType.NotFound),
    };


    private static ValidationProblem InvalidContent(Dictionary<string, string[]> errors, IReadOnlyList<string> suggestions) =>
        TypedResults.ValidationProblem(errors, ProblemType.Validation.Detail.ToString(), title: ProblemType.Validation.Title.ToString(),
            type: ProblemType.Validation.Uri, extensions: suggestions.Count == 0 ? null : new Dictionary<string, object?> { ["suggestions"] = suggestions });
}
