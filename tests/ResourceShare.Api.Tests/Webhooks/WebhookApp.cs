using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Infrastructure.Webhooks;

namespace ResourceShare.Api.Tests.Webhooks;

/// <summary>
/// The API with a fast outbox and webhook sender, short back-off and retry window (<see cref="RetryWindow"/>), plain
/// http to loopback allowed, the tests' DNS (<see cref="Dns"/>) and a receiver on loopback (<see cref="Receiver"/>).
/// </summary>
public class WebhookApp : ResourceShareApp
{
    public static readonly TimeSpan RetryBase = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan RetryWindow = TimeSpan.FromSeconds(4);

    public FakeHostResolver Dns { get; } = new();

    public WebhookReceiver Receiver { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Receiver = await WebhookReceiver.StartAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Receiver is not null)
        {
            await Receiver.DisposeAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Outbox:PollMilliseconds", "50");
        builder.UseSetting("SavedSearches:PollMilliseconds", "100");
        builder.UseSetting("Webhooks:PollMilliseconds", "50");
        builder.UseSetting("Webhooks:AllowLoopbackHttp", "true");
        builder.UseSetting("Webhooks:RetryBaseSeconds", RetryBase.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Webhooks:RetryMaxSeconds", "1.6");
        builder.UseSetting("Webhooks:RetryWindowSeconds", RetryWindow.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Webhooks:TimeoutSeconds", "1");
        builder.UseSetting("Webhooks:LeaseSeconds", "5");
        builder.UseSetting("Webhooks:DisableAfterFailures", DisableAfterFailures.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Webhooks:DisableAfterSeconds", "0");
        builder.ConfigureServices(services => services.AddSingleton<IHostResolver>(Dns));
    }

    /// <summary>How many failed attempts in a row disable an endpoint (at once: the run needs no minimum age here).</summary>
    protected virtual int DisableAfterFailures => 1000;

    /// <summary>An association of a new owner, with a webhook endpoint for <paramref name="eventTypes"/> at a new path of the receiver.</summary>
    public async Task<Hook> CreateHookAsync(Func<int, Task<Microsoft.AspNetCore.Http.IResult>>? answer = null, params string[] eventTypes)
    {
        var owner = await RegisterAsync("owner");
        var associationId = await CreateAssociationAsync(owner);
        return await AddHookAsync(owner, associationId, Receiver.NewUrl(answer), eventTypes);
    }

    public async Task<Hook> AddHookAsync(TestUser owner, Guid associationId, string url, params string[] eventTypes)
    {
        var response = await owner.Client.PostAsJsonAsync(
            $"/api/v1/associations/{associationId}/webhooks",
            new { url, eventTypes = eventTypes.Length > 0 ? eventTypes : ["proposal_received", "report_decided"] });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        var secret = body.GetProperty("secret").GetString()!;
        Receiver.Trust(url, secret);
        return new Hook(owner, associationId, body.GetProperty("webhook").GetProperty("id").GetGuid(), url, secret);
    }

    /// <summary>The endpoint's delivery log, newest message first.</summary>
    public static async Task<List<JsonElement>> LogAsync(Hook hook)
    {
        var log = await hook.Owner.Client.GetFromJsonAsync<JsonElement>($"{hook.Path}/messages");
        return log.GetProperty("items").EnumerateArray().ToList();
    }

    /// <summary>Waits until the delivery log's only message has <paramref name="status"/>, and returns it.</summary>
    public static async Task<JsonElement> WaitForMessageAsync(Hook hook, string status, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var log = await LogAsync(hook);
            if (log.Count == 1 && log[0].Str("status") == status)
            {
                return log[0];
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"No single {status} message in time: {string.Join(", ", log)}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Writes an event for the association as every cause does (an inbox entry, queued for the outbox).</summary>
    public Task CauseEventAsync(Guid associationId, string data = """{"reason": "Doppelt eingestellt"}""") =>
        WriteNotificationAsync(associationId, Domain.Notifications.NotificationKind.ReportDecided, data);
}

/// <summary>A webhook endpoint a test registered, with its owner and signing secret.</summary>
public sealed record Hook(TestUser Owner, Guid AssociationId, Guid Id, string Url, string Secret)
{
    public string Path => $"/api/v1/associations/{AssociationId}/webhooks/{Id}";
}

/// <summary>The webhook app that disables an endpoint after three failed attempts in a row.</summary>
public sealed class DisablingWebhookApp : WebhookApp
{
    protected override int DisableAfterFailures => 3;
}
