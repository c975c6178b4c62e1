using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;
using Microsoft.Kiota.Abstractions;
using ResourceShare.Web.Api;
using ResourceShare.Web.ApiClient;

namespace ResourceShare.Web.Components;

/// <summary>
/// A page that reads from and writes to the API. Loads turn a 404 into the not-found page and an ended session into
/// the sign-in page; submits put the API's refusal into <see cref="Errors"/>, for the form to show.
/// </summary>
public abstract class ApiPage : ComponentBase
{
    [CascadingParameter]
    public HttpContext HttpContext { get; set; } = default!;

    [Inject]
    protected ResourceShareApiClient Api { get; set; } = default!;

    [Inject]
    protected NavigationManager Nav { get; set; } = default!;

    [Inject]
    protected CurrentUser CurrentUser { get; set; } = default!;

    protected FormErrors Errors { get; set; } = FormErrors.None;

    protected CancellationToken Aborted => HttpContext.RequestAborted;

    protected bool IsPost => HttpMethods.IsPost(HttpContext.Request.Method);

    protected async Task<T?> LoadAsync<T>(Func<CancellationToken, Task<T?>> load) where T : class
    {
        try
        {
            return await load(Aborted);
        }
        catch (ApiException e) when (e.ResponseStatusCode == StatusCodes.Status404NotFound)
        {
            Nav.NotFound();
            return null;
        }
        catch (ApiException e) when (e.ResponseStatusCode == StatusCodes.Status401Unauthorized)
        {
            await SignInAgainAsync();
            return null;
        }
        catch (ApiException e) when (e.ResponseStatusCode == StatusCodes.Status403Forbidden)
        {
            HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
            Errors = FormErrors.From(e);
            return null;
        }
    }

    protected async Task<T?> SubmitAsync<T>(Func<CancellationToken, Task<T?>> call) where T : class
    {
        try
        {
            return await call(Aborted);
        }
        catch (ApiException e) when (e.ResponseStatusCode == StatusCodes.Status401Unauthorized && CurrentUser.SignedIn)
        {
            await SignInAgainAsync();
            return null;
        }
        catch (ApiException e)
        {
            // The page answers for what the form sent; a refused sign-in is a bad form, not a page that needs one.
            HttpContext.Response.StatusCode = e.ResponseStatusCode switch
            {
                StatusCodes.Status401Unauthorized => StatusCodes.Status400BadRequest,
                >= 400 and < 500 => e.ResponseStatusCode,
                _ => StatusCodes.Status502BadGateway,
            };
            Errors = FormErrors.From(e);
            return null;
        }
    }

    protected async Task<bool> SubmitAsync(Func<CancellationToken, Task> call) =>
        await SubmitAsync<object>(async ct =>
        {
            await call(ct);
            return new object();
        }) is not null;

    /// <summary>Back to this page after a change (post, redirect, get), so that a reload does not post again.</summary>
    protected void Reload(string? fragment = null) =>
        Nav.NavigateTo(Nav.ToAbsoluteUri(Nav.Uri).PathAndQuery + (fragment is null ? "" : "#" + fragment));

    private async Task SignInAgainAsync()
    {
        await HttpContext.SignOutAsync();
        var here = Nav.ToAbsoluteUri(Nav.Uri).PathAndQuery;
        Nav.NavigateTo("/account/signin?returnUrl=" + Uri.EscapeDataString(here));
    }
}
