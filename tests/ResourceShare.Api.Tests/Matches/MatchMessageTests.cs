using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Matches;

/// <summary>Messages on a match: between its two associations only, in a stable order, each telling the other side.</summary>
public sealed class MatchMessageTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private static string Url(Guid matchId) => $"/api/v1/matches/{matchId}/messages";

    private static async Task<JsonElement> WriteAsync(HttpClient client, Guid matchId, string body) =>
        await (await client.PostAsJsonAsync(Url(matchId), new { body })).JsonAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Both_sides_write_and_read_the_conversation_in_order_and_the_other_side_is_told()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var match = await app.ProposeAsync(parties);

        var question = await WriteAsync(parties.Provider.Owner.Client, match.Id(), "Wie viele Personen kommen?");
        await WriteAsync(parties.Requester.Owner.Client, match.Id(), "Etwa zwanzig.");

        var thread = await parties.Requester.Owner.Client.GetFromJsonAsync<JsonElement>(Url(match.Id()));
        var newest = await parties.Provider.Owner.Client.GetFromJsonAsync<JsonElement>(Url(match.Id()) + "?order=newest");
        Assert.Equal(["Wie viele Personen kommen?", "Etwa zwanzig."], thread.GetProperty("items").EnumerateArray().Select(m => m.Str("body")));
        Assert.Equal(["Etwa zwanzig.", "Wie viele Personen kommen?"], newest.GetProperty("items").EnumerateArray().Select(m => m.Str("body")));
        Assert.Equal(parties.Provider.AssociationId, question.GetProperty("authorAssociationId").GetGuid());
        Assert.Equal(parties.Provider.Owner.Id, question.GetProperty("authorUserId").GetGuid());
        Assert.Equal("message_received", (await app.NotificationsOfAsync(parties.Requester.AssociationId)).Last().Kind);
        Assert.Equal("message_received", (await app.NotificationsOfAsync(parties.Provider.AssociationId)).Last().Kind);
    }

    [Theory]
    [InlineData("oldest")]
    [InlineData("newest")]
    public async Task Pages_neither_skip_nor_repeat_messages(string order)
    {
        var parties = await app.CreateMatchPartiesAsync();
        var match = await app.ProposeAsync(parties);
        var written = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            written.Add((await WriteAsync(i % 2 == 0 ? parties.Provider.Owner.Client : parties.Requester.Owner.Client, match.Id(), $"Nachricht {i}")).Id());
        }

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await parties.Provider.Owner.Client.GetFromJsonAsync<JsonElement>(
                Url(match.Id()) + $"?order={order}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(m => m.Id()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(order == "oldest" ? written : Enumerable.Reverse(written), seen);
    }

    [Fact]
    public async Task Nobody_else_reads_or_writes_not_even_moderators()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var match = await app.ProposeAsync(parties);
        await WriteAsync(parties.Provider.Owner.Client, match.Id(), "Vertraulich.");
        var moderator = await app.SignInWithRoleAsync("moderator");
        var other = await app.RegisterAsync();
        await app.CreateVerifiedAssociationAsync(other);
        var member = await app.AddMemberAsync(parties.Provider.Owner, parties.Provider.AssociationId, "member");
        var listingsKey = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(parties.Provider.Owner, parties.Provider.AssociationId, "listings:write"));

        foreach (var client in new[] { moderator.Client, other.Client, listingsKey })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url(match.Id()))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync(Url(match.Id()), new { body = "Hallo?" })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(Url(match.Id()))).StatusCode);
        Assert.Single((await member.Client.GetFromJsonAsync<JsonElement>(Url(match.Id()))).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.PostAsJsonAsync(Url(match.Id()), new { body = "Ich auch." })).StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2001)]
    public async Task A_message_has_1_to_2000_characters(int length)
    {
        var parties = await app.CreateMatchPartiesAsync();
        var match = await app.ProposeAsync(parties);

        var response = await parties.Provider.Owner.Client.PostAsJsonAsync(Url(match.Id()), new { body = new string('a', length) });

        Assert.Contains("body", (await response.ValidationErrorsAsync()).Keys);
    }
}
