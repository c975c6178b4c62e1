using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ResourceShare.Api.Http;
using ResourceShare.Api.OpenApi;
using ResourceShare.Api.Privacy;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Common;
using ResourceShare.Infrastructure.Accounts;

namespace ResourceShare.Api.Auth;

public static class AuthEndpoints
{
    private static readonly UserText SignInFailed = new("Email or password is wrong.", "E-Mail oder Passwort ist falsch.");
    private static readonly UserText EmailTaken = new("An account with this email already exists.", "Zu dieser E-Mail-Adresse gibt es bereits ein Konto.");
    private static readonly UserText RefreshFailed = new(
        "The refresh token is invalid, expired or revoked; sign in again.",
        "Das Refresh-Token ist ungültig, abgelaufen oder widerrufen; melden Sie sich erneut an.");
    private static readonly UserText WrongCurrentPassword = new("The current password is wrong.", "Das aktuelle Passwort ist falsch.");

    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth")
            .WithTag("Auth", "Registration, sign-in with email and password, token refresh and sign-out.").WithValidation().WithNoStore();

        auth.MapPost("/register", RegisterAsync).AllowAnonymous()
            .WithName("Register").WithETag().WithSummary("Create an account and sign in")
            .WithDescription("Creates a user (platform role member) and returns its profile with a first token pair. Limited per client address. " +
                             "acceptedTermsVersion records, with the account, that the person accepted the current terms of use and privacy " +
                             "notice (GET /api/v1/terms); without it, GET /api/v1/me/terms says upToDate false until they accept.")
            .AnswersProblem(409, "An account with this email already exists.")
            .AnswersProblem(422, "acceptedTermsVersion is not the current version of the terms (see currentVersion).");
        auth.MapPost("/login", LoginAsync).AllowAnonymous()
            .WithName("Login").WithSummary("Sign in with email and password")
            .WithDescription("Returns a short-lived access token and a refresh token. Unknown emails and wrong passwords get the same answer. " +
                             "Repeated attempts for one account from one client address wait growing delays, and attempts per client address " +
                             "are limited (429 with Retry-After).")
            .AnswersProblem(401, "Email or password is wrong; unknown emails get the same answer.");
        auth.MapPost("/refresh", RefreshAsync).AllowAnonymous()
            .WithName("RefreshTokens").WithSummary("Exchange a refresh token for a new token pair")
            .WithDescription("Every refresh token works once. Presenting a used one again revokes every token of that sign-in.")
            .AnswersProblem(401, "The refresh token is invalid, expired, revoked or was used before (which revokes every token of that sign-in); sign in again.");
        auth.MapPost("/logout", LogoutAsync).RequireAuthorization(AuthSetup.UserPolicy)
            .WithName("Logout").WithSummary("Sign out everywhere")
            .WithDescription("Revokes all of the user's refresh tokens and ends every access token issued so far, on every API instance within seconds.");

        var me = app.MapGroup("/api/v1/me")
            .WithTag("Account", "The signed-in user's own profile, memberships and password.").RequireAuthorization(AuthSetup.UserPolicy).WithValidation();
        me.MapGet("/", GetMeAsync).WithName("GetMe").WithETag().WithSummary("Your profile and memberships")
            .WithDescription("Your account with its platform role, and the associations you belong to with your role in each. Carries an ETag for PATCH.");
        me.MapPatch("/", UpdateMeAsync).WithName("UpdateMe").WithETag().WithSummary("Change your display name or preferred language")
            .WithDescription("Fields left out stay as they are. Honours If-Match.");
        me.MapPost("/password", ChangePasswordAsync).WithName("ChangePassword").WithSummary("Change your password")
            .WithDescription("Needs the current password; wrong guesses count like failed sign-ins from your address (429 with Retry-After). " +
                             "Signs you out everywhere (all refresh tokens revoked, every access token ended), this request's token included.")
            .AnswersProblem(409, "The password was changed by another request at the same moment; read it again and retry.");
        return app;
    }

    private static async Task<Results<Created<RegisterResponse>, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request, HttpContext http, UserStore users, RefreshTokenStore refreshTokens, SignInThrottle throttle,
        Passwords passwords, Tokens tokens, TimeProvider time, IOptions<AuthOptions> options, IConfiguration configuration, CancellationToken ct)
    {
        var currentTerms = TermsResponse.Current(configuration);
        if (request.AcceptedTermsVersion is { } accepted && accepted != currentTerms)
        {
            return PrivacyEndpoints.NotCurrent(currentTerms);
        }

        var limits = options.Value;
        var verdict = await throttle.HitAsync("register:ip:" + ClientAddress(http), limits.RegistrationsPerAddress, limits.ThrottleWindow, ct);
        if (!verdict.Allowed)
        {
            return TooManyAttempts(http, verdict);
        }

        var language = LanguageTags.Normalize(request.PreferredLanguage) ?? PreferredFromHeader();
        var user = await users.CreateAsync(
            request.Email!.Trim(), request.DisplayName!.Trim(), language, passwords.Hash(request.Password!), request.AcceptedTermsVersion, ct);
        if (user is null)
        {
            return Problems.Of(ProblemType.Conflict, EmailTaken.ToString());
        }

        var issued = tokens.Issue(user.Id, user.PlatformRole, user.SessionVersion);
        await refreshTokens.IssueAsync(user.Id, issued.Refresh.Hash, issued.Refresh.ExpiresAt, ct);
        ETags.Set(http, user.Version);
        return TypedResults.Created("/api/v1/me", new RegisterResponse(MeResponse.From(user, []), TokenResponse.From(issued, time.GetUtcNow())));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext http, UserStore users, RefreshTokenStore refreshTokens, SignInThrottle throttle,
        Passwords passwords, Tokens tokens, TimeProvider time, IOptions<AuthOptions> options, CancellationToken ct)
    {
        var limits = options.Value;
        var email = request.Email!.Trim();
        var byAddress = await throttle.HitAsync("login:ip:" + ClientAddress(http), limits.LoginsPerAddress, limits.ThrottleWindow, ct);
        if (!byAddress.Allowed)
        {
            return TooManyAttempts(http, byAddress);
        }

        // Every attempt counts before the password is checked, and a success clears the count: parallel guesses
        // cannot all pass a check that none of them has counted yet. Counted per account and address (OWASP's
        // Authentication Cheat Sheet): guesses from elsewhere do not lock the holder out of their own address.
        var byAccount = await throttle.AttemptAsync(AccountKey(email, http), limits.LoginBackoff, ct);
        if (!byAccount.Allowed)
        {
            return TooManyAttempts(http, byAccount);
        }

        var account = await users.FindForSignInAsync(email, ct);
        if (account is null)
        {
            passwords.VerifyDecoy(request.Password!);
            return Problems.Of(ProblemType.Unauthorized, SignInFailed.ToString());
        }

        var check = passwords.Verify(account.PasswordHash, request.Password!);
        if (check == PasswordCheck.Wrong)
        {
            return Problems.Of(ProblemType.Unauthorized, SignInFailed.ToString());
        }

        if (check == PasswordCheck.CorrectButOutdated)
        {
            await users.UpgradePasswordHashAsync(account.Id, account.PasswordHash, passwords.Hash(request.Password!), ct);
        }

        await throttle.ClearAsync(AccountKey(email, http), ct);
        var issued = tokens.Issue(account.Id, account.PlatformRole, account.SessionVersion);
        await refreshTokens.IssueAsync(account.Id, issued.Refresh.Hash, issued.Refresh.ExpiresAt, ct);
        return TypedResults.Ok(TokenResponse.From(issued, time.GetUtcNow()));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, HttpContext http, RefreshTokenStore refreshTokens, SessionVersions sessions, SignInThrottle throttle, Tokens tokens,
        TimeProvider time, IOptions<AuthOptions> options, CancellationToken ct)
    {
        var limits = options.Value;
        var verdict = await throttle.HitAsync("refresh:ip:" + ClientAddress(http), limits.RefreshesPerAddress, limits.ThrottleWindow, ct);
        if (!verdict.Allowed)
        {
            return TooManyAttempts(http, verdict);
        }

        var next = tokens.NewRefreshToken();
        var rotation = await refreshTokens.RotateAsync(Tokens.HashSecret(request.RefreshToken!), next.Hash, next.ExpiresAt, ct);
        if (rotation is Rotation.Reused { EndedSessionsOf: { } userId })
        {
            sessions.Forget(userId);
        }

        if (rotation is not Rotation.Done done)
        {
            return Problems.Of(ProblemType.Unauthorized, RefreshFailed.ToString());
        }

        var issued = new IssuedTokens(tokens.IssueAccess(done.UserId, done.Role, done.SessionVersion), next);
        return TypedResults.Ok(TokenResponse.From(issued, time.GetUtcNow()));
    }

    private static async Task<NoContent> LogoutAsync(Caller caller, UserStore users, SessionVersions sessions, CancellationToken ct)
    {
        await users.EndSessionsAsync(caller.UserId!.Value, ct);
        sessions.Forget(caller.UserId.Value);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MeResponse>, NotFound>> GetMeAsync(Caller caller, HttpContext http, UserStore users, CancellationToken ct)
    {
        var profile = await users.GetProfileAsync(caller.UserId!.Value, ct);
        if (profile is null)
        {
            return TypedResults.NotFound();
        }

        ETags.Set(http, profile.User.Version);
        return TypedResults.Ok(MeResponse.From(profile.User, profile.Memberships));
    }

    private static async Task<Results<Ok<MeResponse>, NotFound, ProblemHttpResult>> UpdateMeAsync(
        UpdateMeRequest request, Caller caller, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, UserStore users, CancellationToken ct)
    {
        var result = await users.UpdateProfileAsync(
            caller.UserId!.Value, request.DisplayName?.Trim(), LanguageTags.Normalize(request.PreferredLanguage), ETags.Expected(ifMatch), ct);
        switch (result)
        {
            case UserUpdate.VersionMismatch:
                return Problems.Of(ProblemType.PreconditionFailed);
            case UserUpdate.Done done:
                var profile = await users.GetProfileAsync(done.Row.Id, ct);
                ETags.Set(http, done.Row.Version);
                return TypedResults.Ok(MeResponse.From(done.Row, profile?.Memberships ?? []));
            default:
                return TypedResults.NotFound();
        }
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request, Caller caller, HttpContext http, UserStore users, SignInThrottle throttle, Passwords passwords,
        SessionVersions sessions, IOptions<AuthOptions> options, CancellationToken ct)
    {
        var account = await users.FindForSignInAsync(caller.UserId!.Value, ct);
        if (account is null)
        {
            return CurrentPasswordWrong();
        }

        if (PasswordPolicy.Check(request.NewPassword!, account.Email) is var problem and not PasswordProblem.None)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["newPassword"] = [AccountRules.Describe(problem)] });
        }

        // Guesses of the current password count like failed sign-ins, or a stolen access token would be a
        // password oracle without delays.
        var verdict = await throttle.AttemptAsync(AccountKey(account.Email, http), options.Value.LoginBackoff, ct);
        if (!verdict.Allowed)
        {
            return TooManyAttempts(http, verdict);
        }

        if (passwords.Verify(account.PasswordHash, request.CurrentPassword!) == PasswordCheck.Wrong)
        {
            return CurrentPasswordWrong();
        }

        await throttle.ClearAsync(AccountKey(account.Email, http), ct);
        if (!await users.ChangePasswordAsync(account.Id, account.PasswordHash, passwords.Hash(request.NewPassword!), ct))
        {
            return Problems.Of(ProblemType.Conflict);
        }

        sessions.Forget(account.Id);
        return TypedResults.NoContent();
    }

    internal static ProblemHttpResult TooManyAttempts(HttpContext http, ThrottleVerdict verdict)
    {
        http.Response.Headers.RetryAfter = verdict.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Of(ProblemType.TooManyRequests);
    }

    private static ValidationProblem CurrentPasswordWrong() =>
        Problems.Validation(new Dictionary<string, string[]> { ["currentPassword"] = [WrongCurrentPassword.ToString()] });

    // The address comes first, in brackets: no address contains "]", so no email can make two keys meet.
    internal static string AccountKey(string email, HttpContext http) => "login:[" + ClientAddress(http) + "]" + email;

    private static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string PreferredFromHeader() => UserText.IsGerman ? "de" : "en";
}
