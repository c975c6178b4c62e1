using System.Net;
using System.Net.Http.Json;
using Dapper;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Api.Tests.Moderation;

namespace ResourceShare.Api.Tests.Privacy;

/// <summary>A person who used every feature, and the other side of their match.</summary>
public sealed record ActivePerson(TestUser Person, string Name, Guid AssociationId, Guid RequestId, MatchSide Partner, Guid MatchId);

public static class PrivacyScenario
{
    public const string MessageBody = "Wir kommen um zehn mit zwölf Personen.";
    public const string FeedbackComment = "Sehr freundlich und pünktlich.";
    public const string ReportComment = "Die Anzeige wirkt doppelt.";

    /// <summary>
    /// Registers a person with a unique name who owns a verified association, publishes a request, gets it matched and
    /// completed, writes a message, gives feedback, reports a listing, creates an API key, repeats a create with an
    /// Idempotency-Key and mistypes the password once.
    /// </summary>
    public static async Task<ActivePerson> ActivePersonAsync(this ResourceShareApp app)
    {
        var name = "Zelda" + Guid.NewGuid().ToString("N")[..12];
        var person = await app.RegisterAsync(name);
        var associationId = await app.CreateVerifiedAssociationAsync(person);
        await (await person.Client.PostAsJsonAsync($"/api/v1/associations/{associationId}/saved-searches",
            new { name = $"{name}s Räume", filters = new { kind = "offer", category = "room" }, channel = "email", rhythm = "immediately" }))
            .JsonAsync(HttpStatusCode.Created);
        var request = await app.PublishListingAsync(person, associationId, "room", "request");
        var partnerOwner = await app.RegisterAsync("partner");
        var partnerAssociation = await app.CreateVerifiedAssociationAsync(partnerOwner);
        var offer = await app.PublishListingAsync(partnerOwner, partnerAssociation, "room", "offer");
        await app.WaitForSavedSearchMailAsync($"{name}s Räume");
        var partner = new MatchSide(partnerOwner, partnerAssociation, offer.Id());
        var parties = new MatchParties(new MatchSide(person, associationId, request.Id()), partner);

        var matchId = (await app.AcceptedMatchAsync(parties)).Id();
        await (await person.Client.PostAsJsonAsync($"/api/v1/matches/{matchId}/messages", new { body = MessageBody })).JsonAsync(HttpStatusCode.Created);
        await app.MoveMatchIntoPastAsync(matchId, TimeSpan.FromDays(10));
        await app.CompleteDueMatchesAsync();
        await (await person.Client.PostAsJsonAsync($"/api/v1/matches/{matchId}/feedback", new { rating = 5, comment = FeedbackComment }))
            .JsonAsync(HttpStatusCode.Created);
        await (await person.ReportListingAsync(offer.Id(), "other", associationId, ReportComment)).JsonAsync(HttpStatusCode.Created);
        await app.CreateApiKeyAsync(person, associationId, "listings:read");
        using (var repeated = new HttpRequestMessage(HttpMethod.Post, "/api/v1/listings") { Content = JsonContent.Create(ListingBodies.Valid(associationId)) })
        {
            repeated.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            await (await person.Client.SendAsync(repeated)).JsonAsync(HttpStatusCode.Created);
        }

        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = person.Email, password = "not-the-password-at-all" })).StatusCode);
        return new ActivePerson(person, name, associationId, request.Id(), partner, matchId);
    }

    /// <summary>Waits until the finds of the saved search named <paramref name="searchName"/> were written for sending.</summary>
    private static async Task WaitForSavedSearchMailAsync(this ResourceShareApp app, string searchName)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await conn.ExecuteScalarAsync<bool>(
                   "SELECT EXISTS (SELECT 1 FROM notification WHERE kind = 'saved_search_matched' AND data ->> 'savedSearchName' = @searchName)",
                   new { searchName }))
        {
            Assert.True(DateTime.UtcNow < until, "The saved search's finds were not written in time.");
            await Task.Delay(50);
        }
    }
}
