using System.Net;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Matches;

/// <summary>
/// Many accepts at once, each on its own connection: a room is booked exactly once per window, equipment never
/// beyond its units. The database decides, so this holds across connections and API instances alike.
/// </summary>
public sealed class BookingConcurrencyTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private const int Requesters = 50;

    /// <summary>One user managing 50 verified associations, each with a published request of the category.</summary>
    private async Task<(TestUser Owner, Guid[] Requests)> RequestersAsync(string category, Func<int, int>? quantity = null)
    {
        var owner = await app.RegisterAsync("requester");
        var requests = await Task.WhenAll(Enumerable.Range(0, Requesters).Select(async i =>
        {
            var associationId = await app.CreateVerifiedAssociationAsync(owner);
            var request = await app.PublishListingAsync(owner, associationId, category, "request",
                quantity is null ? null : b => b["details"]!["quantity"] = quantity(i));
            return request.Id();
        }));
        return (owner, requests);
    }

    /// <summary>Every requester proposes for the offer, then the provider accepts all proposals at once, each from its own client.</summary>
    private async Task<HttpStatusCode[]> AcceptAllAtOnceAsync(TestUser requester, Guid[] requests, TestUser provider, Guid offerId)
    {
        var proposals = await Task.WhenAll(requests.Select(r => app.ProposeAsync(requester, r, offerId)));
        var clients = proposals.Select(_ => app.CreateClientWithToken(provider.AccessToken)).ToArray();
        try
        {
            var answers = await Task.WhenAll(proposals.Select((p, i) => ResourceShareApp.PostMoveAsync(clients[i], p.Id(), "accept")));
            foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
            {
                await ProblemAssert.IsAsync(refused, HttpStatusCode.Conflict, "conflict");
            }

            return answers.Select(a => a.StatusCode).ToArray();
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task Fifty_simultaneous_accepts_of_one_room_book_it_exactly_once_round_after_round()
    {
        var (requester, requests) = await RequestersAsync("room");
        var provider = await app.RegisterAsync("provider");
        var providerAssociation = await app.CreateVerifiedAssociationAsync(provider);

        for (var round = 0; round < 5; round++)
        {
            var offerId = (await app.PublishListingAsync(provider, providerAssociation)).Id();

            var answers = await AcceptAllAtOnceAsync(requester, requests, provider, offerId);

            Assert.Equal(1, answers.Count(a => a == HttpStatusCode.OK));
            Assert.Equal(Requesters - 1, answers.Count(a => a == HttpStatusCode.Conflict));
            Assert.Equal(1L, await app.QueryScalarAsync<long>("SELECT count(*) FROM booking WHERE offer_id = @id AND status = 'confirmed'", offerId));
        }
    }

    [Fact]
    public async Task Fifty_simultaneous_accepts_of_three_units_never_overbook_them()
    {
        var (requester, requests) = await RequestersAsync("equipment", i => 1 + i % 2);
        var provider = await app.RegisterAsync("provider");
        var providerAssociation = await app.CreateVerifiedAssociationAsync(provider);

        for (var round = 0; round < 3; round++)
        {
            var offerId = (await app.PublishListingAsync(provider, providerAssociation, "equipment", change: b => b["details"]!["quantity"] = 3)).Id();

            var answers = await AcceptAllAtOnceAsync(requester, requests, provider, offerId);

            // The peak number of units booked at any instant, computed over the booking table itself.
            var peak = await app.QueryScalarAsync<long>(
                """
                SELECT coalesce(max(load), 0) FROM (
                    SELECT (SELECT sum(b.quantity) FROM booking b
                             WHERE b.offer_id = @id AND b.status = 'confirmed' AND b.during @> lower(p.during)) AS load
                      FROM booking p WHERE p.offer_id = @id AND p.status = 'confirmed') loads
                """,
                offerId);
            var bookings = await app.QueryScalarAsync<long>("SELECT count(*) FROM booking WHERE offer_id = @id AND status = 'confirmed'", offerId);
            Assert.Equal(3L, peak);
            Assert.Equal(bookings, answers.Count(a => a == HttpStatusCode.OK));
            Assert.Equal(Requesters - bookings, answers.Count(a => a == HttpStatusCode.Conflict));
        }
    }
}
