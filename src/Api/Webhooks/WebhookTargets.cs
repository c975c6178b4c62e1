using System.Net;
using System.Net.Sockets;
using ResourceShare.Domain.Webhooks;
using ResourceShare.Infrastructure.Webhooks;

namespace ResourceShare.Api.Webhooks;

/// <summary>The addresses a webhook URL may be sent to, or why it may not be.</summary>
public sealed record WebhookTarget(IPAddress[] Addresses, string? Refusal);

/// <summary>
/// Resolves a webhook URL's host and checks every address it gives (<see cref="WebhookAddresses"/>): at registration
/// and before every delivery, since the name may point elsewhere by then. Plain http is allowed only with
/// Webhooks:AllowLoopbackHttp and only to loopback addresses.
/// </summary>
public sealed class WebhookTargets(IHostResolver resolver, WebhookSettings settings)
{
    public async Task<WebhookTarget> CheckAsync(Uri url, CancellationToken ct)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(url.IdnHost, ct);
        }
        catch (SocketException)
        {
            return new([], $"The host {url.Host} could not be resolved.");
        }

        if (addresses.Length == 0)
        {
            return new([], $"The host {url.Host} has no address.");
        }

        foreach (var address in addresses)
        {
            if (WebhookAddresses.Refusal(address, settings.AllowLoopbackHttp) is { } refused)
            {
                return new([], $"The host {url.Host} resolves to {address}, a {Describe(refused)} address; webhooks go to public addresses only.");
            }
        }

        if (url.Scheme == Uri.UriSchemeHttp && !addresses.All(IPAddress.IsLoopback))
        {
            return new([], "Webhooks are sent over https only.");
        }

        return new(addresses, null);
    }

    private static string Describe(RefusedAddress refused) => refused switch
    {
        RefusedAddress.Unspecified => "unspecified",
        RefusedAddress.Loopback => "loopback",
        RefusedAddress.Private => "private",
        RefusedAddress.LinkLocal => "link-local",
        RefusedAddress.UniqueLocal => "unique local",
        RefusedAddress.SharedAddressSpace => "shared (carrier-grade NAT)",
        RefusedAddress.Multicast => "multicast",
        RefusedAddress.Reserved => "reserved",
        RefusedAddress.CloudMetadata => "cloud metadata",
    };
}
