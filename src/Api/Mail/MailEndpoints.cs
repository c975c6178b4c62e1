using Microsoft.AspNetCore.Http.HttpResults;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Api.Notifications;
using ResourceShare.Api.OpenApi;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Notifications;
using ResourceShare.Infrastructure.Mail;

namespace ResourceShare.Api.Mail;

public static class MailEndpoints
{
    private const string Tag = "Mail";
    private const string TagDescription = "Which events reach you by email (at once, in a daily digest, or not at all), and one-click unsubscribing (RFC 8058).";

    private static readonly UserText ConfirmTitle = new("Unsubscribe", "Abbestellen");
    private static readonly UserText ConfirmKind = new("No more mails about “{0}”?", "Keine Mails mehr über „{0}“?");
    private static readonly UserText ConfirmDigest = new("No more daily digests?", "Keine Tagesübersicht mehr?");
    private static readonly UserText ConfirmButton = new("Unsubscribe", "Abbestellen");
    private static readonly UserText DoneTitle = new("Unsubscribed", "Abbestellt");
    private static readonly UserText DoneKind = new("You will get no more mails about “{0}”.", "Sie erhalten keine Mails mehr über „{0}“.");
    private static readonly UserText DoneDigest = new("You will get no more daily digests.", "Sie erhalten keine Tagesübersicht mehr.");
    private static readonly UserText Later = new(
        "Your inbox on ResourceShare still shows every event, and you can choose again in your account's mail settings.",
        "Ihr Posteingang bei ResourceShare zeigt weiter jedes Ereignis, und in den Mail-Einstellungen Ihres Kontos können Sie neu wählen.");

    private static readonly UserText NotGenuineDetail = new(
        "This unsubscribe link is not valid (any more). Choose your mails in your account's mail settings.",
        "Dieser Abmeldelink ist nicht (mehr) gültig. Wählen Sie Ihre Mails in den Mail-Einstellungen Ihres Kontos.");

    public static IEndpointRouteBuilder MapMail(this IEndpointRouteBuilder app)
    {
        var preferences = app.MapGroup("/api/v1/me/mail-preferences").WithTag(Tag, TagDescription)
            .RequireAuthorization(AuthSetup.UserPolicy).WithValidation();
        preferences.MapGet("/", PreferencesAsync).WithName("GetMailPreferences").WithSummary("How each kind of event reaches you by email")
            .WithDescription("Every kind of event with its delivery: immediately (one mail each), daily_digest (one mail a day) or off. " +
                             "Mail goes to the owners and coordinators of the association an event concerns; isDefault marks kinds you never chose.");
        preferences.MapPut("/", ChooseAsync).WithName("UpdateMailPreferences").WithSummary("Choose how kinds of events reach you by email")
            .WithDescription("Sets the delivery of each kind listed; kinds left out keep theirs. Turning a kind off also removes its " +
                             "events still waiting for the next digest. Answers the whole list, as GET does.");

        var unsubscribe = app.MapGroup("/api/v1/mail/unsubscribe").WithTag(Tag, TagDescription).AllowAnonymous().WithValidation();
        unsubscribe.MapGet("/", ConfirmAsync).WithName("ConfirmMailUnsubscribe").WithSummary("The page behind a mail's unsubscribe link")
            .WithDescription("A page (text/html) that asks before anything changes: link scanners and previews only read it.")
            .Produces<string>(StatusCodes.Status200OK, Html.ContentType)
            .AnswersProblem(404, "The token is not genuine (altered, cut short, or signed with a key no longer in use).");
        unsubscribe.MapPost("/", UnsubscribeAsync).WithName("MailUnsubscribe").WithSummary("One-click unsubscribe (RFC 8058)")
            .WithDescription("What a mail program posts (body List-Unsubscribe=One-Click) for the List-Unsubscribe header, and what the " +
                             "page's button posts: turns off the mail's kind, or every kind the daily digest carries, without signing in. " +
                             "Answers a page (text/html).")
            .Produces<string>(StatusCodes.Status200OK, Html.ContentType)
            .AnswersProblem(404, "The token is not genuine, or its account no longer exists.");
        return app;
    }

    private static async Task<Ok<MailPreferencesResponse>> PreferencesAsync(Caller caller, MailStore mail, CancellationToken ct) =>
        TypedResults.Ok(await ListAsync(caller.UserId!.Value, mail, ct));

    private static async Task<Results<Ok<MailPreferencesResponse>, NotFound>> ChooseAsync(
        UpdateMailPreferencesRequest request, Caller caller, MailStore mail, CancellationToken ct)
    {
        var userId = caller.UserId!.Value;
        var chosen = await mail.ChooseAsync(userId, request.Items!.Select(i => (i.Kind!.Value, i.Delivery!.Value)).ToList(), ct);
        return chosen ? TypedResults.Ok(await ListAsync(userId, mail, ct)) : TypedResults.NotFound();
    }

    private static Results<ContentHttpResult, ProblemHttpResult> ConfirmAsync([AsParameters] UnsubscribeQuery query, HttpContext http, UnsubscribeTokens tokens)
    {
        if (tokens.Read(query.Token) is not { } scope)
        {
            return NotGenuine();
        }

        var question = scope.Kind is { } kind ? ConfirmKind.Format(TitleOf(kind)) : ConfirmDigest.ToString();
        var action = $"/api/v1/mail/unsubscribe?token={Uri.EscapeDataString(query.Token!)}";
        return Html.Page(http, ConfirmTitle.ToString(), $"""
            <p dir="auto">{Encode(question)}</p>
            <form method="post" action="{Encode(action)}">
            <input type="hidden" name="List-Unsubscribe" value="One-Click">
            <button type="submit">{Encode(ConfirmButton.ToString())}</button>
            </form>
            """);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> UnsubscribeAsync(
        [AsParameters] UnsubscribeQuery query, HttpContext http, UnsubscribeTokens tokens, MailStore mail, CancellationToken ct)
    {
        if (tokens.Read(query.Token) is not { } scope)
        {
            return NotGenuine();
        }

        IReadOnlyList<NotificationKind> kinds = scope.Kind is { } kind
            ? [kind]
            : (await mail.PreferencesAsync(scope.UserId, ct)).Where(p => p.Delivery == MailDelivery.DailyDigest).Select(p => p.Kind).ToList();
        if (kinds.Count > 0 && !await mail.ChooseAsync(scope.UserId, kinds.Select(k => (k, MailDelivery.Off)).ToList(), ct))
        {
            return NotGenuine();
        }

        var done = scope.Kind is { } only ? DoneKind.Format(TitleOf(only)) : DoneDigest.ToString();
        return Html.Page(http, DoneTitle.ToString(), $"<p dir=\"auto\">{Encode(done)}</p>\n<p>{Encode(Later.ToString())}</p>");
    }

    private static async Task<MailPreferencesResponse> ListAsync(Guid userId, MailStore mail, CancellationToken ct) =>
        new((await mail.PreferencesAsync(userId, ct)).Select(p => new MailPreferenceResponse(p.Kind, p.Delivery, p.IsDefault)).ToList());

    private static string TitleOf(NotificationKind kind) => NotificationTexts.Templates[kind].Title.ToString();

    private static ProblemHttpResult NotGenuine() => Problems.Of(ProblemType.NotFound, NotGenuineDetail.ToString());

    private static string Encode(string text) => Html.Encode(text);
}
