using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Api.Tests.Moderation;

namespace ResourceShare.Api.Tests.Http;

/// <summary>
/// Every operation that honours Idempotency-Key, sent twice with one key: the write happens once and the second
/// answer replays the first. The write and the kept answer commit together, so an operation whose store committed
/// on its own would fail here.
/// </summary>
public sealed class IdempotentOperationTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private static readonly string[] OperationIds =
    [
        "CreateAssociation", "AddMember", "CreateListing", "ProposeMatch", "AcceptMatch", "PostMatchMessage", "GiveFeedback",
        "ReportListing", "ReportAssociation",
    ];

    public static IEnumerable<object[]> Operations => OperationIds.Select(id => new object[] { id });

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Sent_twice_with_one_key_writes_once_and_replays_the_first_answer(string operation)
    {
        var (client, request, written) = await ArrangeAsync(operation);
        var key = Guid.NewGuid().ToString();
        var before = await written();

        using var first = await client.SendAsync(WithKey(request(), key));
        using var second = await client.SendAsync(WithKey(request(), key));

        var body = await first.Content.ReadAsStringAsync();
        Assert.True(first.IsSuccessStatusCode, $"{(int)first.StatusCode}: {body}");
        Assert.Equal(first.StatusCode, second.StatusCode);
        Assert.Equal(["true"], second.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(body, await second.Content.ReadAsStringAsync());
        Assert.Equal(before + 1, await written());
    }

    [Fact]
    public async Task Every_operation_documented_to_honour_Idempotency_Key_is_among_them()
    {
        using var client = app.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var honouring = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .Where(o => o.Value.TryGetProperty("description", out var d) && d.GetString()!.Contains("Idempotency-Key", StringComparison.Ordinal))
            .Select(o => o.Value.GetProperty("operationId").GetString());

        Assert.Equal(OperationIds.Order(), honouring.Order());
    }

    private static HttpRequestMessage WithKey(HttpRequestMessage request, string key)
    {
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static Func<HttpRequestMessage> Post(string url, object body) => () => new(HttpMethod.Post, url) { Content = JsonContent.Create(body) };

    /// <summary>Who sends the operation, the request (anew for each send), and how many rows of what it writes exist.</summary>
    private async Task<(HttpClient Client, Func<HttpRequestMessage> Request, Func<Task<long>> Written)> ArrangeAsync(string operation)
    {
        switch (operation)
        {
            case "CreateAssociation":
            {
                var owner = await app.RegisterAsync("owner");
                return (owner.Client, Post("/api/v1/associations", new { name = $"Verein {Guid.NewGuid():N}", legalForm = "e.V.", postalCode = "34117", city = "Kassel" }),
                    Count("SELECT count(*) FROM membership WHERE user_id = @id", owner.Id));
            }

            case "AddMember":
            {
                var owner = await app.RegisterAsync("owner");
                var associationId = await app.CreateAssociationAsync(owner);
                var member = await app.RegisterAsync("member");
                return (owner.Client, Post($"/api/v1/associations/{associationId}/members", new { email = member.Email, role = "coordinator" }),
                    Count("SELECT count(*) FROM membership WHERE association_id = @id", associationId));
            }

            case "CreateListing":
            {
                var owner = await app.RegisterAsync("owner");
                var associationId = await app.CreateAssociationAsync(owner);
                return (owner.Client, Post("/api/v1/listings", ListingBodies.Valid(associationId)),
                    Count("SELECT count(*) FROM listing WHERE association_id = @id", associationId));
            }

            case "ProposeMatch":
            {
                var parties = await app.CreateMatchPartiesAsync();
                return (parties.Requester.Owner.Client, Post("/api/v1/matches", new { parties.RequestId, parties.OfferId }),
                    Count("SELECT count(*) FROM match WHERE request_id = @id", parties.RequestId));
            }

            case "AcceptMatch":
            {
                var parties = await app.CreateMatchPartiesAsync();
                var matchId = (await app.ProposeAsync(parties)).Id();
                return (parties.Provider.Owner.Client, () => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/matches/{matchId}/accept"),
                    Count("SELECT count(*) FROM booking WHERE match_id = @id", matchId));
            }

            case "PostMatchMessage":
            {
                var parties = await app.CreateMatchPartiesAsync();
                var matchId = (await app.ProposeAsync(parties)).Id();
                return (parties.Requester.Owner.Client, Post($"/api/v1/matches/{matchId}/messages", new { body = "Passt der Dienstag?" }),
                    Count("SELECT count(*) FROM match_message WHERE match_id = @id", matchId));
            }

            case "GiveFeedback":
            {
                var requester = await app.CreateMatchPartnerAsync();
                var matchId = await app.ArrangeCompletedMatchAsync(requester, await app.CreateMatchPartnerAsync());
                return (requester.Manager.Client, Post($"/api/v1/matches/{matchId}/feedback", new { rating = 5 }),
                    Count("SELECT count(*) FROM feedback WHERE match_id = @id", matchId));
            }

            case "ReportListing":
            {
                var (_, _, listingId) = await app.PublishedListingAsync();
                var (reporter, _) = await app.MemberWithAssociationAsync();
                return (reporter.Client, Post($"/api/v1/listings/{listingId}/reports", new { reason = "spam" }),
                    Count("SELECT count(*) FROM report WHERE target_id = @id", listingId));
            }

            case "ReportAssociation":
            {
                var (_, targetId) = await app.MemberWithAssociationAsync();
                var (reporter, _) = await app.MemberWithAssociationAsync();
                return (reporter.Client, Post($"/api/v1/associations/{targetId}/reports", new { reason = "fraud" }),
                    Count("SELECT count(*) FROM report WHERE target_id = @id", targetId));
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, "not an operation of this test");
        }
    }

    private Func<Task<long>> Count(string sql, Guid id) => () => app.QueryScalarAsync<long>(sql, id);
}
