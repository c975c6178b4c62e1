using Microsoft.AspNetCore.Hosting;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>The app with the expiry job running every second.</summary>
public sealed class FastExpiryApp : ResourceShareApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Listings:ExpiryIntervalSeconds", "1");
    }
}
