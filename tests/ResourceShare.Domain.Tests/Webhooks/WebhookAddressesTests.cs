using System.Net;
using ResourceShare.Domain.Webhooks;

namespace ResourceShare.Domain.Tests.Webhooks;

public class WebhookAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1", RefusedAddress.Loopback)]
    [InlineData("127.5.6.7", RefusedAddress.Loopback)]
    [InlineData("::1", RefusedAddress.Loopback)]
    [InlineData("::ffff:127.0.0.1", RefusedAddress.Loopback)]
    [InlineData("10.0.0.1", RefusedAddress.Private)]
    [InlineData("172.31.255.255", RefusedAddress.Private)]
    [InlineData("192.168.0.1", RefusedAddress.Private)]
    [InlineData("169.254.169.254", RefusedAddress.CloudMetadata)]
    [InlineData("fd00:ec2::254", RefusedAddress.CloudMetadata)]
    [InlineData("169.254.1.1", RefusedAddress.LinkLocal)]
    [InlineData("fe80::1234", RefusedAddress.LinkLocal)]
    [InlineData("fc00::1", RefusedAddress.UniqueLocal)]
    [InlineData("fdff:ffff::1", RefusedAddress.UniqueLocal)]
    [InlineData("100.64.0.0", RefusedAddress.SharedAddressSpace)]
    [InlineData("100.127.255.255", RefusedAddress.SharedAddressSpace)]
    [InlineData("224.0.0.1", RefusedAddress.Multicast)]
    [InlineData("239.255.255.250", RefusedAddress.Multicast)]
    [InlineData("ff05::2", RefusedAddress.Multicast)]
    [InlineData("0.0.0.0", RefusedAddress.Unspecified)]
    [InlineData("::", RefusedAddress.Unspecified)]
    [InlineData("255.255.255.255", RefusedAddress.Reserved)]
    [InlineData("198.18.0.1", RefusedAddress.Reserved)]
    [InlineData("64:ff9b::a00:1", RefusedAddress.Reserved)]
    [InlineData("2002:a00:1::", RefusedAddress.Reserved)]
    [InlineData("::a00:1", RefusedAddress.Reserved)]
    public void Address_of_the_own_network_is_refused(string address, RefusedAddress expected) =>
        Assert.Equal(expected, WebhookAddresses.Refusal(IPAddress.Parse(address), allowLoopback: false));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    public void Public_address_is_allowed(string address) =>
        Assert.Null(WebhookAddresses.Refusal(IPAddress.Parse(address), allowLoopback: false));

    [Theory]
    [InlineData("127.0.0.1", null)]
    [InlineData("::1", null)]
    [InlineData("10.0.0.1", RefusedAddress.Private)]
    [InlineData("169.254.169.254", RefusedAddress.CloudMetadata)]
    public void Allowing_loopback_allows_nothing_else(string address, RefusedAddress? expected) =>
        Assert.Equal(expected, WebhookAddresses.Refusal(IPAddress.Parse(address), allowLoopback: true));
}
