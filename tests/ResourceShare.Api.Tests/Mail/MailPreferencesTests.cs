using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Domain.Notifications;

namespace ResourceShare.Api.Tests.Mail;

public sealed class MailPreferencesTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private const string Path = "/api/v1/me/mail-preferences";

    [Fact]
    public async Task New_account_has_the_documented_defaults_for_every_kind()
    {
        var user = await app.RegisterAsync();

        var items = await ItemsAsync(user);

        Assert.Equal(Enum.GetValues<NotificationKind>().Length, items.Count);
        Assert.All(items, i => Assert.True(i.GetProperty("isDefault").GetBoolean()));
        Assert.Equal("immediately", Delivery(items, "proposal_received"));
        Assert.Equal("immediately", Delivery(items, "listing_expiring"));
        Assert.Equal("daily_digest", Delivery(items, "request_matches_offer"));
        Assert.Equal("daily_digest", Delivery(items, "feedback_received"));
    }

    [Fact]
    public async Task Put_changes_the_kinds_listed_and_keeps_the_others()
    {
        var user = await app.RegisterAsync();

        var response = await user.Client.PutAsJsonAsync(Path, new
        {
            items = new[] { new { kind = "message_received", delivery = "daily_digest" }, new { kind = "feedback_received", delivery = "off" } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = await ItemsAsync(user);
        Assert.Equal("daily_digest", Delivery(items, "message_received"));
        Assert.Equal("off", Delivery(items, "feedback_received"));
        Assert.False(items.Single(i => i.GetProperty("kind").GetString() == "message_received").GetProperty("isDefault").GetBoolean());
        Assert.Equal("immediately", Delivery(items, "proposal_received"));
        var other = await app.RegisterAsync();
        Assert.Equal("immediately", Delivery(await ItemsAsync(other), "message_received"));
    }

    [Theory]
    [InlineData("""{"items": []}""", "items")]
    [InlineData("""{}""", "items")]
    [InlineData("""{"items": [{"kind": "proposal_received"}]}""", "items[0].delivery")]
    [InlineData("""{"items": [{"delivery": "off"}]}""", "items[0].kind")]
    [InlineData("""{"items": [{"kind": "proposal_received", "delivery": "off"}, {"kind": "proposal_received", "delivery": "immediately"}]}""", "items")]
    public async Task Put_with_bad_items_is_a_validation_problem(string body, string field)
    {
        var user = await app.RegisterAsync();

        var response = await user.Client.PutAsync(Path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.ValidationAsync(response, field);
        Assert.All(await ItemsAsync(user), i => Assert.True(i.GetProperty("isDefault").GetBoolean()));
    }

    [Theory]
    [InlineData("""{"items": [{"kind": "weather_report", "delivery": "off"}]}""")]
    [InlineData("""{"items": [{"kind": "proposal_received", "delivery": "weekly"}]}""")]
    public async Task Put_with_an_unknown_kind_or_delivery_is_a_400_problem(string body)
    {
        var user = await app.RegisterAsync();

        var response = await user.Client.PutAsync(Path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Preferences_need_a_signed_in_person()
    {
        using var anonymous = app.CreateClient();

        await ProblemAssert.IsAsync(await anonymous.GetAsync(Path), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsAsync(
            await anonymous.PutAsJsonAsync(Path, new { items = new[] { new { kind = "proposal_received", delivery = "off" } } }),
            HttpStatusCode.Unauthorized);
    }

    private static async Task<List<JsonElement>> ItemsAsync(TestUser user) =>
        (await user.Client.GetFromJsonAsync<JsonElement>(Path)).GetProperty("items").EnumerateArray().ToList();

    private static string? Delivery(List<JsonElement> items, string kind) =>
        items.Single(i => i.GetProperty("kind").GetString() == kind).GetProperty("delivery").GetString();
}
