using System.Net;

namespace ResourceShare.Infrastructure.Webhooks;

/// <summary>Resolves a webhook's host name to the addresses it would connect to (tests put a resolver of their own here).</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

/// <summary>The system's DNS resolver; an address literal resolves to itself.</summary>
public sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host, out var literal) ? Task.FromResult(new[] { literal }) : Dns.GetHostAddressesAsync(host, ct);
}
