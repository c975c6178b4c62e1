using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Webhooks;

/// <summary>Server-side request forgery: hosts that resolve to the platform's own network are refused at registration and at delivery.</summary>
public sealed class WebhookAddressTests(WebhookApp app) : IClassFixture<WebhookApp>
{
    public static TheoryData<string, string> RefusedAddresses => new()
    {
        { "10.1.2.3", "private" },
        { "172.16.0.9", "private" },
        { "192.168.178.1", "private" },
        { "169.254.169.254", "cloud metadata" },
        { "fd00:ec2::254", "cloud metadata" },
        { "169.254.10.20", "link-local" },
        { "fe80::1", "link-local" },
        { "fc00::5", "unique local" },
        { "100.64.0.1", "shared (carrier-grade NAT)" },
        { "224.0.0.251", "multicast" },
        { "ff02::1", "multicast" },
        { "0.0.0.0", "unspecified" },
        { "::", "unspecified" },
        { "::ffff:10.0.0.1", "private" },
    };

    [Theory]
    [MemberData(nameof(RefusedAddresses))]
    public async Task Host_resolving_to_a_refused_address_cannot_be_registered(string address, string kind)
    {
        var host = $"hooks-{Guid.NewGuid():N}.example.org";
        app.Dns.Set(host, "93.184.216.34", address);
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);

        var response = await owner.Client.PostAsJsonAsync(
            $"/api/v1/associations/{associationId}/webhooks", new { url = $"https://{host}/hooks", eventTypes = new[] { "proposal_received" } });

        var problem = await ProblemAssert.ValidationAsync(response, "url");
        Assert.Contains($"a {kind} address", problem.GetProperty("errors").GetProperty("url")[0].GetString());
    }

    [Theory]
    [InlineData("https://10.0.0.7/hooks", "private")]
    [InlineData("https://[fd12:3456::1]/hooks", "unique local")]
    [InlineData("https://nowhere.invalid/hooks", "could not be resolved")]
    [InlineData("http://public.example.org/hooks", "https only")]
    public async Task Address_literals_unknown_hosts_and_plain_http_elsewhere_than_loopback_are_refused(string url, string reason)
    {
        app.Dns.Set("public.example.org", "93.184.216.34");
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);

        var response = await owner.Client.PostAsJsonAsync(
            $"/api/v1/associations/{associationId}/webhooks", new { url, eventTypes = new[] { "proposal_received" } });

        var problem = await ProblemAssert.ValidationAsync(response, "url");
        Assert.Contains(reason, problem.GetProperty("errors").GetProperty("url")[0].GetString());
    }

    [Fact]
    public async Task Name_that_later_resolves_to_a_private_address_gets_no_connection()
    {
        var host = $"hooks-{Guid.NewGuid():N}.example.org";
        app.Dns.Set(host, "127.0.0.1");
        var owner = await app.RegisterAsync("owner");
        var associationId = await app.CreateAssociationAsync(owner);
        var url = new UriBuilder(app.Receiver.NewUrl()) { Host = host }.Uri.ToString();
        var hook = await app.AddHookAsync(owner, associationId, url);
        await app.CauseEventAsync(associationId);
        await WebhookApp.WaitForMessageAsync(hook, "delivered");

        app.Dns.Set(host, "10.20.30.40");
        await app.CauseEventAsync(associationId);

        var until = DateTime.UtcNow.AddSeconds(30);
        List<JsonElement> log;
        while ((log = await WebhookApp.LogAsync(hook)).Count < 2 || log[0].GetProperty("attempts").GetArrayLength() == 0)
        {
            Assert.True(DateTime.UtcNow < until, "the second message was not attempted in time");
            await Task.Delay(50);
        }

        var refused = log[0].GetProperty("attempts")[0];
        Assert.Equal(JsonValueKind.Null, refused.GetProperty("statusCode").ValueKind);
        Assert.Contains("resolves to 10.20.30.40, a private address", refused.Str("error"));
        Assert.Equal("pending", log[0].Str("status"));
        Assert.Single(app.Receiver.Received(url));
    }
}
