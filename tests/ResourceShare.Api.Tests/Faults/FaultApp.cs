using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Api.Tests.OpenApi.Conformance;
using ResourceShare.Domain.Listings;

namespace ResourceShare.Api.Tests.Faults;

/// <summary>
/// The API for fault tests, on a database of its own. Its fairness limits are raised so that one requester may
/// hold many proposals for one offer of equipment, and a request carrying <see cref="LoseReplyHeader"/> is
/// carried out in full but its answer never reaches the client: the connection dies during the reply.
/// </summary>
public class FaultApp : ResourceShareApp
{
    public const string LoseReplyHeader = "X-Test-Lose-Reply";

    /// <summary>The settings that let one requester hold many proposals and bookings of one offer, also for an API process.</summary>
    public static readonly IReadOnlyDictionary<string, string> RaisedLimits = new Dictionary<string, string>
    {
        ["Matching:MaxOpenProposals"] = CategoryFields.MaxQuantity.ToString(CultureInfo.InvariantCulture),
        ["Matching:MaxFutureBookingsPerOffer"] = CategoryFields.MaxQuantity.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// <paramref name="count"/> proposals of one request, each for one unit of one offer of equipment with
    /// units enough for all; returns the offer's owner, who may accept them, and the proposals' ids.
    /// </summary>
    public async Task<(TestUser Provider, Guid[] Matches)> ProposalsAsync(int count)
    {
        var parties = await CreateMatchPartiesAsync(
            "equipment", request: b => b["details"]!["quantity"] = 1, offer: b => b["details"]!["quantity"] = CategoryFields.MaxQuantity);
        var matches = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => ProposeAsync(parties)));
        return (parties.Provider.Owner, matches.Select(m => m.Id()).ToArray());
    }

    public static HttpRequestMessage CreateListing(JsonObject body, string key) =>
        new(HttpMethod.Post, "/api/v1/listings") { Headers = { { "Idempotency-Key", key } }, Content = JsonContent.Create(body) };

    public static HttpRequestMessage Accept(Guid matchId, string key) =>
        new(HttpMethod.Post, $"/api/v1/matches/{matchId}/accept") { Headers = { { "Idempotency-Key", key } } };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in RaisedLimits)
        {
            builder.UseSetting(key, value);
        }

        // First of the startup filters, so outermost; the conformance check inside it leaves the lost answers alone.
        builder.ConfigureServices(services => services.Insert(0, ServiceDescriptor.Singleton<IStartupFilter>(new LoseReplyFilter())));
    }

    private sealed class LoseReplyFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, RequestDelegate nextMiddleware) =>
            {
                if (!context.Request.Headers.ContainsKey(LoseReplyHeader))
                {
                    await nextMiddleware(context);
                    return;
                }

                context.Items[ConformanceRecorder.NeverAnswered] = true;
                context.Response.Body = Stream.Null;
                await nextMiddleware(context);
                context.Abort();
            });
            next(app);
        };
    }
}
