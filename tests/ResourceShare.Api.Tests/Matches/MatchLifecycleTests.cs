using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Matches;

/// <summary>A match from proposal to completion through the API: each move, who may make it, If-Match, and the inbox.</summary>
public sealed class MatchLifecycleTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    /// <summary>How far to move a match back for its (three-hour) window to have begun half an hour ago.</summary>
    private static TimeSpan SoThatItBegan(JsonElement match) =>
        match.GetProperty("startsAt").GetDateTimeOffset() - DateTimeOffset.UtcNow + TimeSpan.FromMinutes(30);

    [Fact]
    public async Task Proposal_accepted_by_the_provider_books_the_window_and_completes_after_it()
    {
        var parties = await app.CreateMatchPartiesAsync();

        var proposed = await app.ProposeAsync(parties, b => b["message"] = "Wir bräuchten den Raum für unser Sprachcafé.");
        var accepted = await app.AcceptAsync(parties.Provider.Owner, proposed.Id());
        var match = accepted.GetProperty("match");

        Assert.Equal("proposed", proposed.Str("status"));
        Assert.Equal(parties.Requester.AssociationId, proposed.GetProperty("proposedBy").GetGuid());
        Assert.Equal("Wir bräuchten den Raum für unser Sprachcafé.", proposed.Str("message"));
        Assert.Equal("accepted", match.Str("status"));
        var booking = Assert.Single(match.GetProperty("bookings").EnumerateArray());
        Assert.Equal("confirmed", booking.Str("status"));
        Assert.Equal(match.GetProperty("startsAt").GetDateTimeOffset(), booking.GetProperty("start").GetDateTimeOffset());
        Assert.Single(accepted.GetProperty("booked").EnumerateArray());
        Assert.Empty(accepted.GetProperty("skipped").EnumerateArray());

        await app.MoveMatchIntoPastAsync(proposed.Id(), TimeSpan.FromDays(30));
        Assert.True(await app.CompleteDueMatchesAsync() >= 1);

        var completed = await parties.Requester.Owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/matches/{proposed.Id()}");
        Assert.Equal("completed", completed.Str("status"));
    }

    [Fact]
    public async Task Completion_waits_until_the_last_window_has_ended()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var match = await app.AcceptedMatchAsync(parties);

        await app.MoveMatchIntoPastAsync(match.Id(), SoThatItBegan(match));
        await app.CompleteDueMatchesAsync();

        var current = await parties.Provider.Owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/matches/{match.Id()}");
        Assert.Equal("accepted", current.Str("status"));
    }

    [Fact]
    public async Task The_offering_side_may_propose_too_and_then_the_requester_accepts()
    {
        var parties = await app.CreateMatchPartiesAsync();

        var proposed = await app.ProposeAsync(parties.Provider.Owner, parties.RequestId, parties.OfferId);
        var byProposer = await ResourceShareApp.PostMoveAsync(parties.Provider.Owner.Client, proposed.Id(), "accept");
        var accepted = await app.AcceptAsync(parties.Requester.Owner, proposed.Id());

        Assert.Equal(parties.Provider.AssociationId, proposed.GetProperty("proposedBy").GetGuid());
        await ProblemAssert.IsAsync(byProposer, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("accepted", accepted.GetProperty("match").Str("status"));
    }

    [Fact]
    public async Task Decline_with_a_reason_tells_the_proposer()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var proposed = await app.ProposeAsync(parties);

        var response = await ResourceShareApp.PostMoveAsync(parties.Provider.Owner.Client, proposed.Id(), "decline", new { reason = "Da ist schon Chorprobe." });

        var declined = await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("declined", declined.Str("status"));
        Assert.Equal("Da ist schon Chorprobe.", declined.Str("reason"));
        Assert.Equal(parties.Provider.AssociationId, declined.GetProperty("closedBy").GetGuid());
        var (kind, data) = (await app.NotificationsOfAsync(parties.Requester.AssociationId)).Last();
        Assert.Equal("proposal_declined", kind);
        Assert.Equal("Da ist schon Chorprobe.", data.Str("reason"));
        Assert.False(string.IsNullOrEmpty(data.Str("counterpartName")));
        Assert.False(string.IsNullOrEmpty(data.Str("offerTitle")));
    }

    [Fact]
    public async Task Withdraw_is_for_the_proposer_only()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var proposed = await app.ProposeAsync(parties);

        var byRecipient = await ResourceShareApp.PostMoveAsync(parties.Provider.Owner.Client, proposed.Id(), "withdraw");
        var byProposer = await ResourceShareApp.PostMoveAsync(parties.Requester.Owner.Client, proposed.Id(), "withdraw");

        await ProblemAssert.IsAsync(byRecipient, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("withdrawn", (await byProposer.JsonAsync(HttpStatusCode.OK)).Str("status"));
        Assert.Equal("proposal_withdrawn", (await app.NotificationsOfAsync(parties.Provider.AssociationId)).Last().Kind);
    }

    [Fact]
    public async Task Every_event_lands_in_the_other_sides_inbox()
    {
        var parties = await app.CreateMatchPartiesAsync();

        var match = await app.AcceptedMatchAsync(parties);
        await app.CancelAsync(parties.Requester.Owner, match.Id(), "Die Veranstaltung fällt aus.");

        var provider = await app.NotificationsOfAsync(parties.Provider.AssociationId);
        var requester = await app.NotificationsOfAsync(parties.Requester.AssociationId);
        Assert.Equal(["proposal_received", "match_cancelled"], provider.Select(n => n.Kind));
        Assert.Equal(["proposal_accepted"], requester.Select(n => n.Kind));
        Assert.Equal("Die Veranstaltung fällt aus.", provider[1].Data.Str("reason"));
    }

    [Theory]
    [InlineData("accept")]
    [InlineData("decline")]
    [InlineData("withdraw")]
    public async Task A_closed_proposal_answers_409_naming_its_status(string move)
    {
        var parties = await app.CreateMatchPartiesAsync();
        var proposed = await app.ProposeAsync(parties);
        await ResourceShareApp.PostMoveAsync(parties.Requester.Owner.Client, proposed.Id(), "withdraw");
        var actor = move == "withdraw" ? parties.Requester.Owner : parties.Provider.Owner;

        var response = await ResourceShareApp.PostMoveAsync(actor.Client, proposed.Id(), move);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "invalid-transition");
        Assert.Equal("withdrawn", problem.Str("currentStatus"));
    }

    [Fact]
    public async Task Cancel_of_a_proposal_is_409_and_accept_twice_is_409()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var proposed = await app.ProposeAsync(parties);

        var cancel = await ResourceShareApp.PostMoveAsync(parties.Requester.Owner.Client, proposed.Id(), "cancel", new { reason = "Zu früh." });
        await app.AcceptAsync(parties.Provider.Owner, proposed.Id());
        var again = await ResourceShareApp.PostMoveAsync(parties.Provider.Owner.Client, proposed.Id(), "accept");

        Assert.Equal("proposed", (await ProblemAssert.IsAsync(cancel, HttpStatusCode.Conflict, "invalid-transition")).Str("currentStatus"));
        Assert.Equal("accepted", (await ProblemAssert.IsAsync(again, HttpStatusCode.Conflict, "invalid-transition")).Str("currentStatus"));
    }

    [Fact]
    public async Task Moves_honour_If_Match()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var proposed = await app.PostProposalAsync(parties.Requester.Owner.Client, parties.RequestId, parties.OfferId);
        var etag = proposed.Headers.ETag!.Tag;
        var id = (await proposed.JsonAsync(HttpStatusCode.Created)).Id();

        var stale = await ResourceShareApp.PostMoveAsync(parties.Provider.Owner.Client, id, "accept", ifMatch: "\"999\"");
        var current = await ResourceShareApp.PostMoveAsync(parties.Provider.Owner.Client, id, "accept", ifMatch: etag);
        var fetched = await parties.Provider.Owner.Client.GetAsync($"/api/v1/matches/{id}");
        var staleCancel = await ResourceShareApp.PostMoveAsync(parties.Provider.Owner.Client, id, "cancel", new { reason = "Doch nicht." }, etag);

        await ProblemAssert.IsAsync(stale, HttpStatusCode.PreconditionFailed, "precondition-failed");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(current.Headers.ETag, fetched.Headers.ETag);
        Assert.NotEqual(etag, fetched.Headers.ETag!.Tag);
        await ProblemAssert.IsAsync(staleCancel, HttpStatusCode.PreconditionFailed, "precondition-failed");
    }

    [Fact]
    public async Task Cancel_needs_a_reason()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var match = await app.AcceptedMatchAsync(parties);

        var response = await ResourceShareApp.PostMoveAsync(parties.Provider.Owner.Client, match.Id(), "cancel", new { reason = "" });

        await ProblemAssert.ValidationAsync(response, "reason");
    }

    [Fact]
    public async Task Cancel_after_the_start_is_refused()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var match = await app.AcceptedMatchAsync(parties);
        await app.MoveMatchIntoPastAsync(match.Id(), SoThatItBegan(match));

        var response = await ResourceShareApp.PostMoveAsync(parties.Provider.Owner.Client, match.Id(), "cancel", new { reason = "Zu spät." });

        await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Accept_needs_the_offer_still_published()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var proposed = await app.ProposeAsync(parties);
        await parties.Provider.Owner.Client.PostAsync($"/api/v1/listings/{parties.OfferId}/pause", null);

        var response = await ResourceShareApp.PostMoveAsync(parties.Provider.Owner.Client, proposed.Id(), "accept");

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "conflict");
        Assert.Contains("offer", problem.Str("detail"));
    }

    [Fact]
    public async Task Contacts_and_addresses_of_the_other_side_appear_only_once_accepted()
    {
        var parties = await app.CreateMatchPartiesAsync();
        var proposed = await app.ProposeAsync(parties);

        var before = await parties.Requester.Owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/matches/{proposed.Id()}");
        var accepted = (await app.AcceptAsync(parties.Provider.Owner, proposed.Id())).GetProperty("match");
        var after = await parties.Requester.Owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/matches/{proposed.Id()}");
        await app.CancelAsync(parties.Provider.Owner, proposed.Id());
        var cancelled = await parties.Requester.Owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/matches/{proposed.Id()}");

        Assert.Equal(JsonValueKind.Null, before.GetProperty("provider").GetProperty("contactEmail").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("offer").GetProperty("streetAddress").ValueKind);
        Assert.Equal("kontakt@verein.example", before.GetProperty("requester").Str("contactEmail"));
        Assert.Equal("kontakt@verein.example", after.GetProperty("provider").Str("contactEmail"));
        Assert.Equal("Berger Straße 12", after.GetProperty("offer").Str("streetAddress"));
        Assert.Equal("Berger Straße 12", accepted.GetProperty("request").Str("streetAddress"));
        Assert.Equal(JsonValueKind.Null, cancelled.GetProperty("provider").GetProperty("contactEmail").ValueKind);
    }
}
