using System.Net;
using System.Net.Sockets;
using ResourceShare.Api.Http;
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
    private static readonly UserText Unresolved = new("The host {0} could not be resolved.", "Der Host {0} lässt sich nicht auflösen.");
    private static readonly UserText NoAddress = new("The host {0} has no address.", "Der Host {0} hat keine Adresse.");
    private static readonly UserText Refused = new(
        "The host {0} resolves to {1}, a {2} address; webhooks go to public addresses only.",
        "Der Host {0} verweist auf {1}, eine Adresse der Art „{2}“; Webhooks gehen nur an öffentliche Adressen.");
    private static readonly UserText HttpsOnly = new("Webhooks are sent over https only.", "Webhooks werden nur über https gesendet.");

    public async Task<WebhookTarget> CheckAsync(Uri url, CancellationToken ct)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(url.IdnHost, ct);
        }
        catch (SocketException)
        {
            return new([], Unresolved.Format(url.Host));
        }

        if (addresses.Length == 0)
        {
            return new([], NoAddress.Format(url.Host));
        }

        foreach (var address in addresses)
        {
            if (WebhookAddresses.Refusal(address, settings.AllowLoopbackHttp) is { } refused)
            {
                return new([], Refused.Format(url.Host, address, Describe(refused)));
            }
        }

        if (url.Scheme == Uri.UriSchemeHttp && !addresses.All(IPAddress.IsLoopback))
        {
            return new([], HttpsOnly.ToString());
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
