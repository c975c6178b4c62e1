using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Api.Webhooks;

namespace ResourceShare.Api.Tests.Webhooks;

/// <summary>
/// The webhook app without a sender of its own (neither its poll nor a notification of new messages may start one),
/// so that the API processes started by the test do all the sending.
/// </summary>
public sealed class IdleSenderWebhookApp : WebhookApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.Remove(services.Single(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(WebhookSenderService))));
    }
}

/// <summary>At-least-once: an API process killed with SIGKILL in the middle of a delivery loses nothing.</summary>
public sealed class WebhookCrashTests(IdleSenderWebhookApp app) : IClassFixture<IdleSenderWebhookApp>
{
    [Fact]
    public async Task Api_killed_during_a_delivery_sends_the_message_again_after_the_lease_with_the_same_webhook_id()
    {
        var release = new TaskCompletionSource();
        var hook = await app.CreateHookAsync(async n =>
        {
            if (n == 1)
            {
                await release.Task.WaitAsync(TimeSpan.FromMinutes(2));
            }

            return Results.NoContent();
        });

        var first = await StartAsync();
        try
        {
            await app.CauseEventAsync(hook.AssociationId);
            await app.Receiver.WaitForAsync(hook.Url, 1);
        }
        finally
        {
            // Disposing kills the process with SIGKILL, as kill -9 does: the delivery is under way, nothing is recorded.
            await first.DisposeAsync();
        }

        var pending = Assert.Single(await WebhookApp.LogAsync(hook));
        Assert.Equal("pending", pending.Str("status"));
        Assert.Equal(1, pending.GetProperty("attemptCount").GetInt32());
        Assert.Empty(pending.GetProperty("attempts").EnumerateArray());
        await using (await StartAsync())
        {
            var received = await app.Receiver.WaitForAsync(hook.Url, 2);
            var delivered = await WebhookApp.WaitForMessageAsync(hook, "delivered");

            Assert.Equal(received[0].Id, received[1].Id);
            Assert.Equal(pending.Str("id"), received[1].Id);
            Assert.Equal(received[0].Body, received[1].Body);
            Assert.True(received[1].Verified);
            Assert.Equal(2, delivered.GetProperty("attemptCount").GetInt32());
            Assert.Equal(204, Assert.Single(delivered.GetProperty("attempts").EnumerateArray()).GetProperty("statusCode").GetInt32());
        }

        release.SetResult();
    }

    private async Task<ApiProcess> StartAsync()
    {
        var process = ApiProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = app.DataConnectionString,
            ["Database__MigrateOnStartup"] = "false",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Auth__SigningKey"] = ResourceShareApp.SigningKey,
            ["Outbox__PollMilliseconds"] = "100",
            ["Webhooks__PollMilliseconds"] = "100",
            ["Webhooks__AllowLoopbackHttp"] = "true",
            ["Webhooks__LeaseSeconds"] = "3",
            ["Webhooks__TimeoutSeconds"] = "60",
        });
        try
        {
            await process.WaitForLogAsync(e => e.GetProperty("Category").GetString() == "Microsoft.Hosting.Lifetime"
                && e.GetProperty("State").TryGetProperty("address", out _));
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }
}
