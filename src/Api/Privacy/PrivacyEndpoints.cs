using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Api.OpenApi;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Accounts;
using ResourceShare.Infrastructure.Privacy;

namespace ResourceShare.Api.Privacy;

/// <summary>What the GDPR gives people over their data: a copy of it (Art. 15 and 20) and its erasure (Art. 17).</summary>
public static class PrivacyEndpoints
{
    private static readonly UserText NotCurrentTerms = new(
        "Only the current version of the terms can be accepted (see currentVersion).",
        "Nur die aktuelle Fassung der Bedingungen kann angenommen werden (siehe currentVersion).");
    private static readonly UserText WrongPassword = new("The password is wrong.", "Das Passwort ist falsch.");
    private static readonly UserText LastOwner = new(
        "You are the last owner of an association: make another member owner, or dissolve it, first (see associationIds).",
        "Sie sind die letzte Eigentümerin oder der letzte Eigentümer eines Vereins: ernennen Sie zuerst ein anderes Mitglied oder lösen Sie ihn auf (siehe associationIds).");
    private static readonly UserText OpenMatches = new(
        "The association has proposed or accepted matches: decline, withdraw, cancel or complete them first.",
        "Der Verein hat vorgeschlagene oder angenommene Matches: lehnen Sie sie zuerst ab, ziehen Sie sie zurück, sagen Sie sie ab oder schließen Sie sie ab.");

    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1")
            .WithTag("Privacy", "Your data: a copy of everything the platform holds about you or your association, and erasure.")
            .RequireAuthorization(AuthSetup.UserPolicy).WithValidation().WithNoStore();

        group.MapGet("/me/export", ExportMeAsync).WithName("ExportMe").WithSummary("Everything the platform holds about you, as JSON")
            .WithDescription("Your profile, memberships, the listings you created, the messages you wrote, the reports and feedback you gave, " +
                             "your sign-ins (without tokens), the API keys you created and the audit entries naming you. Sent as a download.");
        group.MapGet("/associations/{id:guid}/export", ExportAssociationAsync)
            .WithName("ExportAssociation").WithSummary("Everything the platform holds about an association, as JSON")
            .WithDescription("Owners only. Profile, members, listings, matches with their messages, feedback, reports its members filed, " +
                             "notifications, API keys (without secrets) and the audit entries about it. Sent as a download.");
        group.MapGet("/me/terms", GetTermsAsync).WithName("GetTerms").WithSummary("The terms version you accepted")
            .WithDescription("The current version of the terms of use and privacy notice, the version you accepted and when; " +
                             "upToDate is false until you accept the current one.");
        group.MapPost("/me/terms", AcceptTermsAsync).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("AcceptTerms").WithSummary("Accept the current terms of use and privacy notice")
            .WithDescription("Records the version and the time. Only the current version can be accepted (422 otherwise).");
        group.MapDelete("/me", EraseMeAsync).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("EraseMe").WithSummary("Erase your account")
            .WithDescription("Needs your password in the body; wrong guesses count like failed sign-ins (429 with Retry-After). Your account, " +
                             "memberships, sign-ins and throttling entries go. What others rely on (matches, the messages the other side " +
                             "received, reports, the audit log) stays under a pseudonym, without your email, name or id. The last owner of " +
                             "an association gets 409 with the associationIds to hand over or dissolve first. Ends every session at once.");
        group.MapPost("/associations/{id:guid}/dissolve", DissolveAsync).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DissolveAssociation").WithSummary("Dissolve an association and erase its personal data")
            .WithDescription("Owners only, with their password. Members, API keys and the inbox go, open listings close, street addresses and " +
                             "the contact data are cleared; the name stays for the other sides of past matches. 409 while matches are " +
                             "proposed or accepted. The association is then out of the directory and its profile is 404.");
        app.MapGet("/api/v1/terms", GetCurrentTerms).WithTags("Privacy")
            .WithName("GetCurrentTerms").WithSummary("The current version of the terms of use and privacy notice")
            .WithDescription("Public, for registration forms: send it as acceptedTermsVersion when the person registers.");
        return app;
    }

    private static async Task<Results<Ok<PersonalExport>, NotFound>> ExportMeAsync(
        Caller caller, HttpContext http, ExportStore exports, CancellationToken ct)
    {
        var export = await exports.ExportPersonAsync(caller.UserId!.Value, ct);
        if (export is null)
        {
            return TypedResults.NotFound();
        }

        AsDownload(http, $"resourceshare-me-{export.ExportedAt:yyyyMMdd}.json");
        return TypedResults.Ok(export);
    }

    private static async Task<Results<Ok<AssociationExport>, ProblemHttpResult>> ExportAssociationAsync(
        Guid id, Caller caller, HttpContext http, ExportStore exports, CancellationToken ct)
    {
        var (export, refusal) = await exports.ExportAssociationAsync(id, caller, ct);
        if (export is null)
        {
            return Problems.Of(refusal);
        }

        AsDownload(http, $"resourceshare-association-{id}-{export.ExportedAt:yyyyMMdd}.json");
        return TypedResults.Ok(export);
    }

    private static Ok<CurrentTermsResponse> GetCurrentTerms(IConfiguration configuration) =>
        TypedResults.Ok(new CurrentTermsResponse(TermsResponse.Current(configuration)));

    private static async Task<Results<Ok<TermsResponse>, NotFound>> GetTermsAsync(
        Caller caller, TransparencyStore transparency, IConfiguration configuration, CancellationToken ct)
    {
        var terms = await transparency.TermsAsync(caller.UserId!.Value, ct);
        return terms is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(TermsResponse.From(TermsResponse.Current(configuration), terms.Version, terms.AcceptedAt));
    }

    private static async Task<Results<Ok<TermsResponse>, ProblemHttpResult>> AcceptTermsAsync(
        AcceptTermsRequest request, Caller caller, TransparencyStore transparency, IConfiguration configuration, CancellationToken ct)
    {
        var current = TermsResponse.Current(configuration);
        if (request.Version != current)
        {
            return NotCurrent(current);
        }

        var terms = await transparency.AcceptTermsAsync(caller.UserId!.Value, current, ct);
        return terms is null ? Problems.Of(ProblemType.NotFound) : TypedResults.Ok(TermsResponse.From(current, terms.Version, terms.AcceptedAt));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> EraseMeAsync(
        [FromBody] ConfirmWithPasswordRequest request, Caller caller, HttpContext http, UserStore users, SignInThrottle throttle,
        Passwords passwords, ErasureStore erasure, SessionVersions sessions, IOptions<AuthOptions> options, CancellationToken ct)
    {
        var (wrong, refused) = await CheckPasswordAsync(request, caller, http, users, throttle, passwords, options, ct);
        if (wrong is not null)
        {
            return wrong;
        }

        if (refused is not null)
        {
            return refused;
        }

        switch (await erasure.EraseUserAsync(caller.UserId!.Value, TraceId(), ct))
        {
            case Erasure.LastOwner last:
                return Problems.Of(ProblemType.Conflict, LastOwner.ToString(), new Dictionary<string, object?> { ["associationIds"] = last.AssociationIds });
            case Erasure.Done:
                sessions.Forget(caller.UserId.Value);
                return TypedResults.NoContent();
            default:
                return Problems.Of(ProblemType.NotFound);
        }
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DissolveAsync(
        Guid id, ConfirmWithPasswordRequest request, Caller caller, HttpContext http, UserStore users, SignInThrottle throttle,
        Passwords passwords, ErasureStore erasure, IOptions<AuthOptions> options, CancellationToken ct)
    {
        var (wrong, refused) = await CheckPasswordAsync(request, caller, http, users, throttle, passwords, options, ct);
        if (wrong is not null)
        {
            return wrong;
        }

        if (refused is not null)
        {
            return refused;
        }

        return await erasure.DissolveAsync(id, caller, TraceId(), ct) switch
        {
            Dissolution.Done => TypedResults.NoContent(),
            Dissolution.OpenMatches => Problems.Of(ProblemType.Conflict, OpenMatches.ToString()),
            Dissolution.Refused { Refusal: var refusal } => Problems.Of(refusal),
            _ => Problems.Of(ProblemType.NotFound),
        };
    }

    /// <summary>
    /// Neither when the password is the caller's; guesses count like failed sign-ins, or a stolen access token could
    /// erase an account or test passwords without delays.
    /// </summary>
    private static async Task<(ValidationProblem? Wrong, ProblemHttpResult? Refused)> CheckPasswordAsync(
        ConfirmWithPasswordRequest request, Caller caller, HttpContext http, UserStore users, SignInThrottle throttle, Passwords passwords,
        IOptions<AuthOptions> options, CancellationToken ct)
    {
        var account = await users.FindForSignInAsync(caller.UserId!.Value, ct);
        if (account is null)
        {
            return (null, Problems.Of(ProblemType.NotFound));
        }

        var key = AuthEndpoints.AccountKey(account.Email, http);
        var verdict = await throttle.AttemptAsync(key, options.Value.LoginBackoff, ct);
        if (!verdict.Allowed)
        {
            return (null, AuthEndpoints.TooManyAttempts(http, verdict));
        }

        if (passwords.Verify(account.PasswordHash, request.Password!) == PasswordCheck.Wrong)
        {
            return (Problems.Validation(new Dictionary<string, string[]> { ["password"] = [WrongPassword.ToString()] }), null);
        }

        await throttle.ClearAsync(key, ct);
        return (null, null);
    }

    /// <summary>The 422 for accepting any version of the terms but the current one, naming it.</summary>
    internal static ProblemHttpResult NotCurrent(string current) =>
        Problems.Of(ProblemType.Unprocessable, NotCurrentTerms.ToString(), new Dictionary<string, object?> { ["currentVersion"] = current });

    private static string? TraceId() => Activity.Current?.TraceId.ToString();

    private static void AsDownload(HttpContext http, string fileName) =>
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
}
