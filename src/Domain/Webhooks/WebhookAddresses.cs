using System.Net;
using System.Net.Sockets;

namespace ResourceShare.Domain.Webhooks;

/// <summary>Why an address may not receive webhooks: it reaches into the platform's own network, not the internet.</summary>
public enum RefusedAddress
{
    Unspecified,
    Loopback,
    Private,
    LinkLocal,
    UniqueLocal,
    SharedAddressSpace,
    Multicast,
    Reserved,
    CloudMetadata,
}

/// <summary>
/// Which addresses a webhook may connect to: public unicast ones only. Checked for every address a host name
/// resolves to, before any connection (server-side request forgery would otherwise reach the platform's own
/// network, its database or a cloud's metadata service).
/// </summary>
public static class WebhookAddresses
{
    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");
    private static readonly IPAddress MetadataV4 = IPAddress.Parse("169.254.169.254");

    /// <summary>Why <paramref name="address"/> is refused, or null when it is a public address.</summary>
    public static RefusedAddress? Refusal(IPAddress address, bool allowLoopback)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.Equals(MetadataV4) || address.Equals(AwsMetadataV6))
        {
            return RefusedAddress.CloudMetadata;
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback ? null : RefusedAddress.Loopback;
        }

        return address.AddressFamily == AddressFamily.InterNetwork ? RefusalV4(address.GetAddressBytes()) : RefusalV6(address);
    }

    private static RefusedAddress? RefusalV4(byte[] b) => b switch
    {
        [0, ..] => RefusedAddress.Unspecified,
        [10, ..] or [172, >= 16 and <= 31, ..] or [192, 168, ..] => RefusedAddress.Private,
        [169, 254, ..] => RefusedAddress.LinkLocal,
        [100, >= 64 and <= 127, ..] => RefusedAddress.SharedAddressSpace,
        [>= 224 and <= 239, ..] => RefusedAddress.Multicast,
        // 192.0.0.0/24 (protocol assignments), 198.18.0.0/15 (benchmarking), 240.0.0.0/4 and the broadcast address.
        [192, 0, 0, _] or [198, 18 or 19, ..] or [>= 240, ..] => RefusedAddress.Reserved,
        _ => null,
    };

    private static RefusedAddress? RefusalV6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Any))
        {
            return RefusedAddress.Unspecified;
        }

        return b switch
        {
            [0xff, ..] => RefusedAddress.Multicast,
            [0xfe, >= 0x80 and <= 0xbf, ..] => RefusedAddress.LinkLocal,
            [>= 0xfc and <= 0xfd, ..] => RefusedAddress.UniqueLocal,
            // The IPv4-compatible and NAT64 forms (::a.b.c.d, 64:ff9b::a.b.c.d) and 6to4 (2002::/16) carry an
            // IPv4 address that could be a private one; none is needed to reach a public receiver.
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ..] or [0, 0x64, 0xff, 0x9b, ..] or [0x20, 0x02, ..] => RefusedAddress.Reserved,
            _ => null,
        };
    }
}
