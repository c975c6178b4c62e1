using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ResourceShare.Infrastructure.Webhooks;

namespace ResourceShare.Api.Tests.Webhooks;

/// <summary>A DNS the tests write: names map to the addresses a test sets (and may change); address literals are themselves.</summary>
public sealed class FakeHostResolver : IHostResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]> names = new(StringComparer.OrdinalIgnoreCase);

    public void Set(string host, params string[] addresses) => names[host] = addresses.Select(IPAddress.Parse).ToArray();

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host, out var literal) ? Task.FromResult(new[] { literal })
        : names.TryGetValue(host, out var addresses) ? Task.FromResult(addresses)
        : throw new SocketException((int)SocketError.HostNotFound);
}
