using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Api.OpenApi;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Common;
using ResourceShare.Infrastructure.Accounts;
using ResourceShare.Infrastructure.Associations;
using ResourceShare.Infrastructure.Privacy;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Associations;

public static class AssociationsEndpoints
{
    private static readonly UserText NoSuchUser = new(
        "No account with this email: the person must register first.",
        "Zu dieser E-Mail-Adresse gibt es kein Konto: die Person muss sich zuerst registrieren.");
    private static readonly UserText AlreadyMember = new("This person is already a member.", "Diese Person ist bereits Mitglied.");
    private static readonly UserText NotMember = new("This person is not a member of the association.", "Diese Person ist kein Mitglied des Vereins.");
    private static readonly UserText LastOwner = new(
        "An association always keeps at least one owner: make another member owner first.",
        "Ein Verein behält immer mindestens eine Eigentümerin oder einen Eigentümer: ernennen Sie zuerst ein anderes Mitglied.");

    public static IEndpointRouteBuilder MapAssociations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/associations")
            .WithTag("Associations", "The public directory of associations, their profiles, members and API keys.").WithValidation();

        group.MapPost("/", CreateAsync).RequireAuthorization(AuthSetup.UserPolicy)
            .WithName("CreateAssociation").WithETag().WithSummary("Register an association")
            .WithDescription("You become its owner. It starts unverified; moderators verify it. Honours Idempotency-Key.")
            .WithIdempotency();
        group.MapGet("/", DirectoryAsync).AllowAnonymous()
            .WithName("ListAssociations").WithSummary("The public directory of associations")
            .WithDescription("Filter by name (q), city, language and verification; ordered by name; cursor-paged. Suspended associations are not listed.");
        group.MapGet("/{id:guid}", GetAsync).AllowAnonymous()
            .WithName("GetAssociation").WithETag().WithSummary("An association's profile")
            .WithDescription("Public for everybody; contactEmail and members only for its members, its API keys and moderators.");
        group.MapPatch("/{id:guid}", UpdateAsync).RequireAuthorization(AuthSetup.UserPolicy)
            .WithName("UpdateAssociation").WithETag().WithSummary("Change an association's profile")
            .WithDescription("Owners and coordinators. Fields left out stay; \"\" clears optional ones. Honours If-Match (412 when stale). " +
                             "Verification status changes only through moderation.");

        var members = group.MapGroup("/{id:guid}/members").RequireAuthorization(AuthSetup.UserPolicy);
        members.MapGet("/", ListMembersAsync).WithName("ListMembers").WithSummary("The association's members")
            .WithDescription("For its members and moderators.");
        members.MapPost("/", AddMemberAsync).WithName("AddMember").WithSummary("Add a registered user as a member")
            .WithDescription("Owners only. Honours Idempotency-Key.")
            .WithIdempotency()
            .AnswersProblem(409, "The person is already a member.")
            .AnswersProblem(422, "There is no account with this email: the person must register first.");
        members.MapPatch("/{userId:guid}", ChangeMemberRoleAsync).WithName("ChangeMemberRole").WithSummary("Change a member's role")
            .WithDescription("Owners only. The last owner cannot be demoted.")
            .AnswersProblem(409, "The last owner cannot be demoted: make another member owner first.");
        members.MapDelete("/{userId:guid}", RemoveMemberAsync).WithName("RemoveMember").WithSummary("Remove a member, or leave")
            .WithDescription("Owners remove anybody; every member may remove themselves. The last owner can neither leave nor be removed.")
            .AnswersProblem(409, "The last owner can neither leave nor be removed.");

        var keys = group.MapGroup("/{id:guid}/api-keys").RequireAuthorization(AuthSetup.UserPolicy);
        keys.MapPost("/", CreateApiKeyAsync).WithName("CreateApiKey").WithSummary("Create an API key for integrators")
            .WithDescription("Owners only. The key is in this answer once and never again; only its hash is stored. " +
                             "Not idempotent: a replayed answer would have to store the key.");
        keys.MapGet("/", ListApiKeysAsync).WithName("ListApiKeys").WithSummary("The association's API keys, without secrets")
            .WithDescription("Owners only.");
        keys.MapDelete("/{keyId:guid}", RevokeApiKeyAsync).WithName("RevokeApiKey").WithSummary("Revoke an API key at once")
            .WithDescription("Owners only.");
        return app;
    }

    private static async Task<Created<AssociationResponse>> CreateAsync(
        CreateAssociationRequest request, Caller caller, HttpContext http, AssociationStore associations, CancellationToken ct)
    {
        var row = await associations.CreateAsync(caller.UserId!.Value, new NewAssociation(
            request.Name!.Trim(), request.LegalForm!.Trim(), Blank(request.RegisterCourt), Blank(request.RegisterNumber), request.PostalCode!, request.City!.Trim(),
            request.Description?.Trim() ?? "", Languages(request.Languages) ?? [], Blank(request.Website), Blank(request.ContactEmail)), ct);
        ETags.Set(http, row.Version);
        return TypedResults.Created($"/api/v1/associations/{row.Id}", AssociationResponse.From(row));
    }

    private static async Task<Results<Ok<AssociationPage>, ValidationProblem>> DirectoryAsync(
        [AsParameters] DirectoryQuery query, AssociationStore associations, CancellationToken ct)
    {
        if (!Cursor.TryDecode(query.Cursor, ApiJsonContext.Default.DirectoryPosition, out var after))
        {
            return Problems.Validation(Cursor.InvalidError());
        }

        var limit = query.Limit ?? DirectoryQuery.DefaultLimit;
        var filter = new DirectoryFilter(Blank(query.Q), Blank(query.City), LanguageTags.Normalize(query.Language), query.Verified);
        var rows = await associations.DirectoryAsync(filter, after, limit + 1, ct);
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit
            ? Cursor.Encode(new DirectoryPosition(page[^1].Name, page[^1].Id), ApiJsonContext.Default.DirectoryPosition)
            : null;
        return TypedResults.Ok(new AssociationPage(page.Select(AssociationSummaryResponse.From).ToList(), next));
    }

    private static async Task<Results<Ok<AssociationResponse>, NotFound>> GetAsync(
        Guid id, Caller caller, HttpContext http, AssociationStore associations, TransparencyStore transparency, CancellationToken ct)
    {
        var details = await associations.GetAsync(id, caller, ct);
        if (details is null)
        {
            return TypedResults.NotFound();
        }

        if (details.Members is not null)
        {
            await transparency.RecordOversightAsync(caller, id, "contact_data", TraceId(), ct);
        }

        ETags.Set(http, details.Association.Version);
        return TypedResults.Ok(AssociationResponse.From(details.Association, details.Members));
    }

    private static async Task<Results<Ok<AssociationResponse>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateAssociationRequest request, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch,
        AssociationStore associations, CancellationToken ct)
    {
        var change = new AssociationChange(
            request.Name?.Trim(), request.LegalForm?.Trim(), request.RegisterCourt?.Trim(), request.RegisterNumber?.Trim(), request.PostalCode, request.City?.Trim(),
            request.Description?.Trim(), Languages(request.Languages), request.Website?.Trim(), request.ContactEmail?.Trim());
        var (row, refusal) = await associations.UpdateAsync(id, caller, change, ETags.Expected(ifMatch), ct);
        if (row is null)
        {
            return Problems.Of(refusal);
        }

        ETags.Set(http, row.Version);
        var details = await associations.GetAsync(id, caller, ct);
        return TypedResults.Ok(AssociationResponse.From(row, details?.Members));
    }

    private static async Task<Results<Ok<MemberListResponse>, NotFound, ProblemHttpResult>> ListMembersAsync(
        Guid id, Caller caller, AssociationStore associations, TransparencyStore transparency, CancellationToken ct)
    {
        var members = await associations.ListMembersAsync(id, caller, ct);
        if (members is not null)
        {
            await transparency.RecordOversightAsync(caller, id, "members", TraceId(), ct);
            return TypedResults.Ok(new MemberListResponse(members.Select(MemberResponse.From).ToList()));
        }

        // Visible but private: the directory shows the association, so its existence is no secret.
        return await associations.GetAsync(id, caller, ct) is null ? TypedResults.NotFound() : Problems.Of(ProblemType.Forbidden);
    }

    private static async Task<Results<Created<MemberResponse>, ProblemHttpResult>> AddMemberAsync(
        Guid id, AddMemberRequest request, Caller caller, MembershipStore memberships, CancellationToken ct)
    {
        var (outcome, member) = await memberships.AddAsync(id, caller, request.Email!.Trim(), request.Role!.Value, ct);
        return outcome == MembershipOutcome.Done
            ? TypedResults.Created($"/api/v1/associations/{id}/members/{member!.UserId}", MemberResponse.From(member))
            : MembershipResult(outcome);
    }

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> ChangeMemberRoleAsync(
        Guid id, Guid userId, ChangeMemberRoleRequest request, Caller caller, MembershipStore memberships, CancellationToken ct)
    {
        var (outcome, member) = await memberships.ChangeRoleAsync(id, caller, userId, request.Role!.Value, ct);
        return outcome == MembershipOutcome.Done ? TypedResults.Ok(MemberResponse.From(member!)) : MembershipResult(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMemberAsync(
        Guid id, Guid userId, Caller caller, MembershipStore memberships, CancellationToken ct)
    {
        var outcome = await memberships.RemoveAsync(id, caller, userId, ct);
        return outcome == MembershipOutcome.Done ? TypedResults.NoContent() : MembershipResult(outcome);
    }

    private static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> CreateApiKeyAsync(
        Guid id, CreateApiKeyRequest request, Caller caller, ApiKeyStore keys, CancellationToken ct)
    {
        var secret = Tokens.NewSecret(ApiKeyAuthenticationHandler.KeyPrefix);
        var prefix = secret[..(ApiKeyAuthenticationHandler.KeyPrefix.Length + 6)];
        var scopes = ApiKeyScope.All.Where(request.Scopes!.Contains).ToArray();
        var (row, refusal) = await keys.CreateAsync(id, caller, request.Name!.Trim(), scopes, prefix, Tokens.HashSecret(secret), TraceId(), ct);
        if (row is null)
        {
            return Problems.Of(refusal);
        }

        return TypedResults.Created(
            $"/api/v1/associations/{id}/api-keys/{row.Id}",
            new CreatedApiKeyResponse(row.Id, row.Name, row.Prefix, row.Scopes, row.CreatedAt, secret));
    }

    private static async Task<Results<Ok<ApiKeyListResponse>, ProblemHttpResult>> ListApiKeysAsync(
        Guid id, Caller caller, ApiKeyStore keys, CancellationToken ct)
    {
        var (rows, refusal) = await keys.ListAsync(id, caller, ct);
        return rows is null ? Problems.Of(refusal) : TypedResults.Ok(new ApiKeyListResponse(rows.Select(ApiKeyResponse.From).ToList()));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeApiKeyAsync(
        Guid id, Guid keyId, Caller caller, ApiKeyStore keys, CancellationToken ct)
    {
        var (revoked, refusal) = await keys.RevokeAsync(id, keyId, caller, TraceId(), ct);
        return revoked ? TypedResults.NoContent() : Problems.Of(refusal);
    }


    private static ProblemHttpResult MembershipResult(MembershipOutcome outcome) => outcome switch
    {
        MembershipOutcome.Forbidden => Problems.Of(ProblemType.Forbidden),
        MembershipOutcome.NoSuchUser => Problems.Of(ProblemType.Unprocessable, NoSuchUser.ToString()),
        MembershipOutcome.AlreadyMember => Problems.Of(ProblemType.Conflict, AlreadyMember.ToString()),
        MembershipOutcome.NotMember => Problems.Of(ProblemType.NotFound, NotMember.ToString()),
        MembershipOutcome.LastOwner => Problems.Of(ProblemType.Conflict, LastOwner.ToString()),
        MembershipOutcome.NotFound or MembershipOutcome.Done => Problems.Of(ProblemType.NotFound),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string[]? Languages(string[]? tags) =>
        tags?.Select(LanguageTags.Normalize).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();

    private static string? TraceId() => Activity.Current?.TraceId.ToString();
}
