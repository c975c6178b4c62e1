using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Http;
using ResourceShare.Api.OpenApi;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Webhooks;

namespace ResourceShare.Api.Webhooks;

public static class WebhooksEndpoints
{
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/associations/{id:guid}/webhooks")
            .WithTag("Webhooks", "An association's events sent to its integrations as signed HTTP requests (Standard Webhooks), with a delivery log and replay.")
            .RequireAuthorization(AuthSetup.UserOrKeyPolicy).WithValidation();

        group.MapGet("/", ListAsync)
            .WithName("ListWebhooks").WithSummary("The association's webhook endpoints")
            .WithDescription("Owners and coordinators, and keys with webhooks:write. Secrets are not shown.");
        group.MapPost("/", CreateAsync)
            .WithName("CreateWebhook").WithSummary("Add a webhook endpoint")
            .WithDescription("An https URL whose host resolves to public addresses only, and the event types to send (the kinds of inbox " +
                             "entries). The answer holds the signing secret (whsec_…), shown this once. Not idempotent: a replayed answer " +
                             "would have to store the secret.");
        group.MapGet("/{webhookId:guid}", GetAsync)
            .WithName("GetWebhook").WithSummary("One webhook endpoint")
            .WithDescription("With its state: enabled, and the run of failed attempts since the last delivery.");
        group.MapPut("/{webhookId:guid}", UpdateAsync)
            .WithName("UpdateWebhook").WithSummary("Change a webhook endpoint's URL, event types or state")
            .WithDescription("Replaces all three. enabled=true turns a disabled endpoint on again and starts its count of failures afresh; its " +
                             "messages still within their retry window are sent again.");
        group.MapDelete("/{webhookId:guid}", DeleteAsync)
            .WithName("DeleteWebhook").WithSummary("Delete a webhook endpoint")
            .WithDescription("With its messages and their delivery log.");
        group.MapPost("/{webhookId:guid}/secret", RotateSecretAsync)
            .WithName("RotateWebhookSecret").WithSummary("Give the endpoint a new signing secret")
            .WithDescription("The answer holds the new secret, shown this once; every message from now on, retries included, is signed with it.");
        group.MapGet("/{webhookId:guid}/messages", LogAsync)
            .WithName("ListWebhookMessages").WithSummary("The endpoint's delivery log, newest first")
            .WithDescription("Every message with its status (pending, delivered, dead), its payload and every attempt: when, the receiver's " +
                             "status code, how long it took and what went wrong. Cursor-paged.");
        group.MapGet("/{webhookId:guid}/messages/{messageId:length(36)}", MessageAsync)
            .WithName("GetWebhookMessage").WithSummary("One message of the delivery log")
            .WithDescription("Its status, payload and every attempt, as in the list; messageId is the webhook-id the receiver got.");
        group.MapPost("/{webhookId:guid}/messages/{messageId:length(36)}/replay", ReplayAsync)
            .WithName("ReplayWebhookMessage").WithSummary("Send a message again")
            .WithDescription("With the same webhook-id, at once and with a new retry window, whether it was delivered, dead or still being " +
                             "retried. An endpoint that is disabled gets it when it is enabled again.");
        return app;
    }

    private static async Task<Results<Ok<WebhookListResponse>, ProblemHttpResult>> ListAsync(
        Guid id, Caller caller, WebhookStore webhooks, CancellationToken ct)
    {
        var (rows, refusal) = await webhooks.ListAsync(id, caller, ct);
        return rows is null ? Problems.Of(refusal!.Value) : TypedResults.Ok(new WebhookListResponse(rows.Select(WebhookResponse.From).ToList()));
    }

    private static async Task<Results<Created<WebhookSecretResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Guid id, CreateWebhookRequest r, Caller caller, WebhookTargets targets, WebhookStore webhooks, CancellationToken ct)
    {
        if (await webhooks.AuthorizeAsync(id, caller, ct) is { } denied)
        {
            return Problems.Of(denied);
        }

        if (await RefusedUrlAsync(r.Url!, targets, ct) is { } refusedUrl)
        {
            return refusedUrl;
        }

        var secret = WebhookDelivery.NewSecret();
        var (row, refusal) = await webhooks.CreateAsync(id, r.Url!, r.EventTypes!, secret, caller, ct);
        return row is null
            ? Problems.Of(refusal!.Value)
            : TypedResults.Created($"/api/v1/associations/{id}/webhooks/{row.Id}", new WebhookSecretResponse(WebhookResponse.From(row), secret));
    }

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> GetAsync(
        Guid id, Guid webhookId, Caller caller, WebhookStore webhooks, CancellationToken ct)
    {
        var (row, refusal) = await webhooks.GetAsync(id, webhookId, caller, ct);
        return row is null ? Problems.Of(refusal!.Value) : TypedResults.Ok(WebhookResponse.From(row));
    }

    private static async Task<Results<Ok<WebhookResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, Guid webhookId, UpdateWebhookRequest r, Caller caller, WebhookTargets targets, WebhookStore webhooks, CancellationToken ct)
    {
        if (await webhooks.AuthorizeAsync(id, caller, ct) is { } denied)
        {
            return Problems.Of(denied);
        }

        if (await RefusedUrlAsync(r.Url!, targets, ct) is { } refusedUrl)
        {
            return refusedUrl;
        }

        var (row, refusal) = await webhooks.UpdateAsync(id, webhookId, r.Url!, r.EventTypes!, r.Enabled!.Value, caller, ct);
        return row is null ? Problems.Of(refusal!.Value) : TypedResults.Ok(WebhookResponse.From(row));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, Guid webhookId, Caller caller, WebhookStore webhooks, CancellationToken ct) =>
        await webhooks.DeleteAsync(id, webhookId, caller, ct) is { } refusal ? Problems.Of(refusal) : TypedResults.NoContent();

    private static async Task<Results<Ok<WebhookSecretResponse>, ProblemHttpResult>> RotateSecretAsync(
        Guid id, Guid webhookId, Caller caller, WebhookStore webhooks, CancellationToken ct)
    {
        var secret = WebhookDelivery.NewSecret();
        var (row, refusal) = await webhooks.RotateSecretAsync(id, webhookId, secret, caller, ct);
        return row is null ? Problems.Of(refusal!.Value) : TypedResults.Ok(new WebhookSecretResponse(WebhookResponse.From(row), secret));
    }

    private static async Task<Results<Ok<WebhookLogResponse>, ValidationProblem, ProblemHttpResult>> LogAsync(
        Guid id, Guid webhookId, [AsParameters] PageQuery query, Caller caller, WebhookStore webhooks, CancellationToken ct)
    {
        if (!Cursor.TryDecode(query.Cursor, ApiJsonContext.Default.WebhookMessagePosition, out var after))
        {
            return Problems.Validation(Cursor.InvalidError());
        }

        var limit = query.Limit ?? PageQuery.DefaultLimit;
        var (entries, refusal) = await webhooks.LogAsync(id, webhookId, after, limit + 1, caller, ct);
        if (entries is null)
        {
            return Problems.Of(refusal!.Value);
        }

        var (page, next) = Cursor.Page(
            entries, limit, e => new WebhookMessagePosition(e.Message.CreatedAt, e.Message.Id), ApiJsonContext.Default.WebhookMessagePosition);
        return TypedResults.Ok(new WebhookLogResponse(page.Select(WebhookMessageResponse.From).ToList(), next));
    }

    private static async Task<Results<Ok<WebhookMessageResponse>, ProblemHttpResult>> MessageAsync(
        Guid id, Guid webhookId, string messageId, Caller caller, WebhookStore webhooks, CancellationToken ct)
    {
        var (entry, refusal) = await webhooks.MessageAsync(id, webhookId, messageId, caller, ct);
        return entry is null ? Problems.Of(refusal!.Value) : TypedResults.Ok(WebhookMessageResponse.From(entry));
    }

    private static async Task<Results<Accepted<WebhookMessageResponse>, ProblemHttpResult>> ReplayAsync(
        Guid id, Guid webhookId, string messageId, Caller caller, WebhookStore webhooks, CancellationToken ct)
    {
        var (entry, refusal) = await webhooks.ReplayAsync(id, webhookId, messageId, caller, ct);
        return entry is null
            ? Problems.Of(refusal!.Value)
            : TypedResults.Accepted((string?)null, WebhookMessageResponse.From(entry));
    }

    /// <summary>
    /// A 400 on url when its host may not receive webhooks (checked again before every delivery); asked only after the
    /// caller's access is checked, so that nobody else learns what a name resolves to.
    /// </summary>
    private static async Task<ValidationProblem?> RefusedUrlAsync(string url, WebhookTargets targets, CancellationToken ct) =>
        (await targets.CheckAsync(new Uri(url), ct)).Refusal is { } refusal
            ? Problems.Validation(new Dictionary<string, string[]> { ["url"] = [refusal] })
            : null;
}
