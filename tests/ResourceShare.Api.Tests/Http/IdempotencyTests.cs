using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Http;

public sealed class IdempotencyTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private static HttpRequestMessage Create(string key, string name) =>
        new(HttpMethod.Post, "/api/v1/associations")
        {
            Headers = { { "Idempotency-Key", key } },
            Content = JsonContent.Create(new { name, legalForm = "e.V.", postalCode = "34117", city = "Kassel" }),
        };

    [Fact]
    public async Task Same_key_and_body_replays_the_first_answer_without_creating_twice()
    {
        var owner = await app.RegisterAsync();
        var key = Guid.NewGuid().ToString();
        var name = $"Idempotent {Guid.NewGuid():N}";

        var first = await owner.Client.SendAsync(Create(key, name));
        var second = await owner.Client.SendAsync(Create(key, name));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(firstId, secondId);
        var me = await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Single(me.GetProperty("memberships").EnumerateArray(), m => m.GetProperty("associationName").GetString() == name);
    }

    [Fact]
    public async Task Same_key_with_another_body_is_422()
    {
        var owner = await app.RegisterAsync();
        var key = Guid.NewGuid().ToString();

        var first = await owner.Client.SendAsync(Create(key, "Erster Verein"));
        var second = await owner.Client.SendAsync(Create(key, "Zweiter Verein"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Keys_belong_to_the_caller()
    {
        var alice = await app.RegisterAsync("alice");
        var bob = await app.RegisterAsync("bob");
        var key = Guid.NewGuid().ToString();

        var forAlice = await alice.Client.SendAsync(Create(key, "Verein A"));
        var forBob = await bob.Client.SendAsync(Create(key, "Verein B"));

        Assert.Equal(HttpStatusCode.Created, forAlice.StatusCode);
        Assert.Equal(HttpStatusCode.Created, forBob.StatusCode);
        Assert.NotEqual(forAlice.Headers.Location, forBob.Headers.Location);
    }

    [Fact]
    public async Task A_failed_request_does_not_use_up_its_key()
    {
        var owner = await app.RegisterAsync();
        var key = Guid.NewGuid().ToString();
        var invalid = new HttpRequestMessage(HttpMethod.Post, "/api/v1/associations")
        {
            Headers = { { "Idempotency-Key", key } },
            Content = JsonContent.Create(new { name = "Ohne PLZ", legalForm = "e.V.", city = "Kassel" }),
        };

        var rejected = await owner.Client.SendAsync(invalid);
        var corrected = await owner.Client.SendAsync(Create(key, "Mit PLZ"));

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
    }

    [Fact]
    public async Task Malformed_key_is_a_validation_problem()
    {
        var owner = await app.RegisterAsync();

        var response = await owner.Client.SendAsync(Create(new string('k', 256), "Verein"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task Without_a_key_every_request_creates()
    {
        var owner = await app.RegisterAsync();
        var body = new { name = "Zweimal", legalForm = "e.V.", postalCode = "34117", city = "Kassel" };

        var first = await owner.Client.PostAsJsonAsync("/api/v1/associations", body);
        var second = await owner.Client.PostAsJsonAsync("/api/v1/associations", body);

        Assert.NotEqual(first.Headers.Location, second.Headers.Location);
    }

    [Fact]
    public async Task Same_key_sent_many_times_at_once_creates_once_and_the_others_replay_or_wait_with_Retry_After()
    {
        var owner = await app.RegisterAsync();
        var key = Guid.NewGuid().ToString();
        var name = $"Gleichzeitig {Guid.NewGuid():N}";

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => owner.Client.SendAsync(Create(key, name))));

        var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(created);
        Assert.Single(created.Select(a => a.Headers.Location).Distinct());
        Assert.All(answers.Except(created), waiting =>
        {
            Assert.Equal(HttpStatusCode.Conflict, waiting.StatusCode);
            Assert.True(waiting.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to ask again");
        });
        var me = await owner.Client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Single(me.GetProperty("memberships").EnumerateArray(), m => m.GetProperty("associationName").GetString() == name);
    }
}
