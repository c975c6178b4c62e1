using System.Security.Claims;
using Microsoft.Kiota.Abstractions;
using ResourceShare.Web.ApiClient;
using ResourceShare.Web.ApiClient.Models;

namespace ResourceShare.Web.Api;

/// <summary>Who is signed in, as the API sees them, loaded at most once per request.</summary>
public sealed class CurrentUser(ResourceShareApiClient api, IHttpContextAccessor accessor)
{
    public const string RoleClaim = "rs_role";

    private Task<MeResponse?>? me;
    private Task<int>? unread;

    public ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool SignedIn => Principal.Identity?.IsAuthenticated == true;

    public string DisplayName => Principal.FindFirstValue(ClaimTypes.Name) ?? "";

    public bool IsModerator => Principal.FindFirstValue(RoleClaim) is "moderator" or "admin";

    public bool IsAdmin => Principal.FindFirstValue(RoleClaim) == "admin";

    public Task<MeResponse?> MeAsync(CancellationToken ct = default) => me ??= LoadMeAsync(ct);

    /// <summary>Unread notifications of all the user's associations.</summary>
    public Task<int> UnreadAsync(CancellationToken ct = default) => unread ??= CountUnreadAsync(ct);

    public async Task<IReadOnlyList<MembershipResponse>> MembershipsAsync(CancellationToken ct = default) =>
        (await MeAsync(ct))?.Memberships ?? [];

    private async Task<MeResponse?> LoadMeAsync(CancellationToken ct)
    {
        if (!SignedIn)
        {
            return null;
        }

        try
        {
            return await api.Api.V1.Me.GetAsync(cancellationToken: ct);
        }
        catch (ApiException e) when (e.ResponseStatusCode == 401)
        {
            return null;
        }
    }

    private async Task<int> CountUnreadAsync(CancellationToken ct)
    {
        var total = 0;
        foreach (var membership in await MembershipsAsync(ct))
        {
            var page = await api.Api.V1.Associations[membership.AssociationId!.Value].Notifications.GetAsync(request =>
            {
                request.QueryParameters.Unread = true;
                request.QueryParameters.Limit = 1;
            }, ct);
            total += (int)(page?.UnreadCount ?? 0);
        }

        return total;
    }
}
