using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Domain.Notifications;

namespace ResourceShare.Api.Tests.Notifications;

/// <summary>An association's inbox: paging, the unread filter, marking read, who may read it, and its texts.</summary>
public sealed class NotificationInboxTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private static string Path(Guid associationId) => $"/api/v1/associations/{associationId}/notifications";

    /// <summary>An association with <paramref name="count"/> inbox entries, written one after another.</summary>
    private async Task<MatchPartner> InboxWithAsync(int count)
    {
        var side = await app.CreateMatchPartnerAsync();
        for (var i = 0; i < count; i++)
        {
            await app.WriteNotificationAsync(side.AssociationId, NotificationKind.MessageReceived, $$"""{"counterpartName": "Verein {{i}}"}""");
        }

        return side;
    }

    private static async Task<JsonElement> PageAsync(HttpClient client, string url) =>
        await (await client.GetAsync(url)).JsonAsync(HttpStatusCode.OK);

    private static List<string> Names(IEnumerable<JsonElement> items) =>
        items.Select(n => n.GetProperty("data").Str("counterpartName")).ToList();

    [Fact]
    public async Task Inbox_pages_newest_first_with_a_cursor_and_counts_the_unread()
    {
        var side = await InboxWithAsync(5);

        var seen = new List<JsonElement>();
        var url = Path(side.AssociationId) + "?limit=2";
        var pages = 0;
        while (true)
        {
            var page = await PageAsync(side.Manager.Client, url);
            pages++;
            Assert.Equal(5, page.GetProperty("unreadCount").GetInt64());
            seen.AddRange(page.GetProperty("items").EnumerateArray());
            if (page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null)
            {
                break;
            }

            url = Path(side.AssociationId) + "?limit=2&cursor=" + page.Str("nextCursor");
        }

        Assert.Equal(3, pages);
        Assert.Equal(["Verein 4", "Verein 3", "Verein 2", "Verein 1", "Verein 0"], Names(seen));
        Assert.All(seen, n => Assert.Equal(JsonValueKind.Null, n.GetProperty("readAt").ValueKind));
        Assert.All(seen, n => Assert.Equal("message_received", n.Str("kind")));
    }

    [Fact]
    public async Task Unread_filter_lists_unread_entries_and_false_lists_read_ones()
    {
        var side = await InboxWithAsync(3);
        var all = await ResourceShareApp.InboxAsync(side.Manager.Client, side.AssociationId);
        var response = await side.Manager.Client.PostAsync($"{Path(side.AssociationId)}/{all[1].Id()}/read", null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var unread = await PageAsync(side.Manager.Client, Path(side.AssociationId) + "?unread=true");
        var read = await PageAsync(side.Manager.Client, Path(side.AssociationId) + "?unread=false");

        Assert.Equal(["Verein 2", "Verein 0"], Names(unread.GetProperty("items").EnumerateArray()));
        Assert.Equal(["Verein 1"], Names(read.GetProperty("items").EnumerateArray()));
        Assert.Equal(2, unread.GetProperty("unreadCount").GetInt64());
        Assert.Equal(2, read.GetProperty("unreadCount").GetInt64());
    }

    [Fact]
    public async Task Unread_filter_pages_with_a_cursor()
    {
        var side = await InboxWithAsync(3);

        var first = await PageAsync(side.Manager.Client, Path(side.AssociationId) + "?unread=true&limit=2");
        var second = await PageAsync(side.Manager.Client, Path(side.AssociationId) + "?unread=true&limit=2&cursor=" + first.Str("nextCursor"));

        Assert.Equal(["Verein 2", "Verein 1"], Names(first.GetProperty("items").EnumerateArray()));
        Assert.Equal(["Verein 0"], Names(second.GetProperty("items").EnumerateArray()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Mark_read_is_idempotent_and_keeps_the_first_read_instant()
    {
        var side = await InboxWithAsync(1);
        var id = (await ResourceShareApp.InboxAsync(side.Manager.Client, side.AssociationId))[0].Id();

        var first = await side.Manager.Client.PostAsync($"{Path(side.AssociationId)}/{id}/read", null);
        var readAt = (await ResourceShareApp.InboxAsync(side.Manager.Client, side.AssociationId))[0].Str("readAt");
        var second = await side.Manager.Client.PostAsync($"{Path(side.AssociationId)}/{id}/read", null);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        var entry = (await ResourceShareApp.InboxAsync(side.Manager.Client, side.AssociationId))[0];
        Assert.Equal(readAt, entry.Str("readAt"));
        Assert.Equal(0, (await PageAsync(side.Manager.Client, Path(side.AssociationId))).GetProperty("unreadCount").GetInt64());
    }

    [Fact]
    public async Task Read_all_before_an_instant_spares_newer_entries_and_without_it_reads_everything()
    {
        var side = await InboxWithAsync(2);
        var shown = (await ResourceShareApp.InboxAsync(side.Manager.Client, side.AssociationId))[0].Str("createdAt");
        await app.WriteNotificationAsync(side.AssociationId, NotificationKind.MessageReceived, """{"counterpartName": "Verein 2"}""");

        var before = await side.Manager.Client.PostAsync($"{Path(side.AssociationId)}/read-all?before={Uri.EscapeDataString(shown)}", null);

        Assert.Equal(HttpStatusCode.NoContent, before.StatusCode);
        Assert.Equal(["Verein 2"], Names(await ResourceShareApp.InboxAsync(side.Manager.Client, side.AssociationId, "&unread=true")));

        var all = await side.Manager.Client.PostAsync($"{Path(side.AssociationId)}/read-all", null);
        var again = await side.Manager.Client.PostAsync($"{Path(side.AssociationId)}/read-all", null);

        Assert.Equal(HttpStatusCode.NoContent, all.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Empty(await ResourceShareApp.InboxAsync(side.Manager.Client, side.AssociationId, "&unread=true"));
    }

    [Fact]
    public async Task Plain_members_and_keys_with_matches_write_read_the_inbox_and_mark_it_read()
    {
        var side = await InboxWithAsync(2);
        var member = await app.AddMemberAsync(side.Manager, side.AssociationId, "member");
        using var key = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(side.Manager, side.AssociationId, "matches:write"));
        var entries = await ResourceShareApp.InboxAsync(member.Client, side.AssociationId);

        var byMember = await member.Client.PostAsync($"{Path(side.AssociationId)}/{entries[0].Id()}/read", null);
        var byKey = await key.PostAsync($"{Path(side.AssociationId)}/{entries[1].Id()}/read", null);

        Assert.Equal(HttpStatusCode.NoContent, byMember.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, byKey.StatusCode);
        Assert.Empty(await ResourceShareApp.InboxAsync(key, side.AssociationId, "&unread=true"));
    }

    [Fact]
    public async Task Another_associations_member_gets_403_and_anonymous_callers_401()
    {
        var side = await InboxWithAsync(1);
        var id = (await ResourceShareApp.InboxAsync(side.Manager.Client, side.AssociationId))[0].Id();
        var stranger = (await app.CreateMatchPartnerAsync()).Manager;
        using var anonymous = app.CreateClient();

        await ProblemAssert.IsAsync(await stranger.Client.GetAsync(Path(side.AssociationId)), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(await stranger.Client.PostAsync($"{Path(side.AssociationId)}/{id}/read", null), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(await stranger.Client.PostAsync($"{Path(side.AssociationId)}/read-all", null), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(await anonymous.GetAsync(Path(side.AssociationId)), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsAsync(await anonymous.PostAsync($"{Path(side.AssociationId)}/read-all", null), HttpStatusCode.Unauthorized);
        Assert.Single(await ResourceShareApp.InboxAsync(side.Manager.Client, side.AssociationId, "&unread=true"));
    }

    [Fact]
    public async Task A_key_without_matches_write_gets_403_and_a_moderator_who_is_no_member_too()
    {
        var side = await InboxWithAsync(1);
        using var key = app.CreateClientWithApiKey(await app.CreateApiKeyAsync(side.Manager, side.AssociationId, "listings:read", "listings:write"));
        var moderator = await app.SignInWithRoleAsync("moderator");

        await ProblemAssert.IsAsync(await key.GetAsync(Path(side.AssociationId)), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsAsync(await moderator.Client.GetAsync(Path(side.AssociationId)), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_suspended_associations_inbox_is_404_to_outsiders_and_unknown_associations_are_404()
    {
        var side = await InboxWithAsync(1);
        await app.SetVerificationStatusAsync(side.AssociationId, "suspended");
        var stranger = (await app.CreateMatchPartnerAsync()).Manager;

        await ProblemAssert.IsAsync(await stranger.Client.GetAsync(Path(side.AssociationId)), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsAsync(await stranger.Client.GetAsync(Path(Guid.NewGuid())), HttpStatusCode.NotFound, "not-found");
        Assert.Single(await ResourceShareApp.InboxAsync(side.Manager.Client, side.AssociationId));
    }

    [Fact]
    public async Task Marking_another_associations_entry_through_ones_own_inbox_is_404_and_leaves_it_unread()
    {
        var victim = await InboxWithAsync(1);
        var id = (await ResourceShareApp.InboxAsync(victim.Manager.Client, victim.AssociationId))[0].Id();
        var other = await app.CreateMatchPartnerAsync();

        var response = await other.Manager.Client.PostAsync($"{Path(other.AssociationId)}/{id}/read", null);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
        Assert.Single(await ResourceShareApp.InboxAsync(victim.Manager.Client, victim.AssociationId, "&unread=true"));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Out_of_range_paging_parameters_are_400_naming_the_parameter(string query, string field)
    {
        var side = await app.CreateMatchPartnerAsync();

        await ProblemAssert.ValidationAsync(await side.Manager.Client.GetAsync($"{Path(side.AssociationId)}?{query}"), field);
    }

    [Theory]
    [InlineData("de", "Neue Bewertung", "Ihr Verein wurde von Kulturverein Nord bewertet: 4 von 5.")]
    [InlineData("en", "New feedback", "Your association was rated by Kulturverein Nord: 4 of 5.")]
    public async Task Entries_carry_their_data_and_a_title_and_text_in_the_callers_language(string language, string title, string text)
    {
        var side = await app.CreateMatchPartnerAsync();
        await app.WriteNotificationAsync(side.AssociationId, NotificationKind.FeedbackReceived, """{"rating": 4, "counterpartName": "Kulturverein Nord"}""");
        using var client = app.CreateClientWithToken(side.Manager.AccessToken);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var entry = (await ResourceShareApp.InboxAsync(client, side.AssociationId)).Single();

        Assert.Equal(title, entry.Str("title"));
        Assert.Equal(text, entry.Str("text"));
        Assert.Equal(4, entry.GetProperty("data").GetProperty("rating").GetInt32());
        Assert.Equal("feedback_received", entry.Str("kind"));
    }

    [Fact]
    public async Task Entries_missing_their_data_or_of_an_unknown_kind_still_read_as_text()
    {
        var side = await app.CreateMatchPartnerAsync();
        await app.WriteNotificationAsync(side.AssociationId, NotificationKind.ProposalDeclined, """{"reason": "  ", "offerTitle": null}""");
        await app.ExecuteSqlAsync("INSERT INTO notification (id, association_id, kind) VALUES (gen_random_uuid(), @id, @value)", side.AssociationId, "some_later_event");

        var entries = await ResourceShareApp.InboxAsync(side.Manager.Client, side.AssociationId);

        Assert.Equal("Notification", entries[0].Str("title"));
        Assert.Equal("some_later_event", entries[0].Str("kind"));
        Assert.Equal("Proposal declined", entries[1].Str("title"));
        Assert.Equal("Your proposal was declined.", entries[1].Str("text"));
    }
}
