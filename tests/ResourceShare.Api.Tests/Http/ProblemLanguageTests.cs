using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Http;

public sealed class ProblemLanguageTests(ResourceShareAppWithTestEndpoints app) : IClassFixture<ResourceShareAppWithTestEndpoints>
{
    [Theory]
    [InlineData("de", "Nicht gefunden", "Unter dieser Adresse gibt es keine Ressource.")]
    [InlineData("de-DE", "Nicht gefunden", "Unter dieser Adresse gibt es keine Ressource.")]
    [InlineData("de-AT", "Nicht gefunden", "Unter dieser Adresse gibt es keine Ressource.")]
    [InlineData("fr, de;q=0.8", "Nicht gefunden", "Unter dieser Adresse gibt es keine Ressource.")]
    [InlineData("en", "Not found", "There is no resource at this address.")]
    [InlineData("en-GB", "Not found", "There is no resource at this address.")]
    [InlineData("fr", "Not found", "There is no resource at this address.")]
    [InlineData("de;q=0.5, en", "Not found", "There is no resource at this address.")]
    public async Task Title_and_detail_follow_Accept_Language_with_English_as_fallback(string language, string title, string detail)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-resource");
        request.Headers.TryAddWithoutValidation("Accept-Language", language);

        using var response = await app.CreateClient().SendAsync(request);

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(title, problem.Title);
        Assert.Equal(detail, problem.Detail);
    }

    [Fact]
    public async Task Without_Accept_Language_the_answer_is_English()
    {
        using var response = await app.CreateClient().GetAsync("/api/v1/no-such-resource");

        var problem = await Problem.ReadAsync(response);
        Assert.Equal("Not found", problem.Title);
    }

    [Theory]
    [InlineData("not-found", "Nicht gefunden")]
    [InlineData("method-not-allowed", "Methode nicht erlaubt")]
    [InlineData("unsupported-media-type", "Nicht unterstützter Medientyp")]
    [InlineData("malformed-json", "Fehlerhaftes JSON")]
    [InlineData("payload-too-large", "Anfragetext zu groß")]
    [InlineData("validation", "Validierung fehlgeschlagen")]
    [InlineData("internal", "Interner Fehler")]
    [InlineData("service-unavailable", "Dienst nicht verfügbar")]
    public async Task German_caller_gets_every_kind_of_problem_in_German(string kind, string title)
    {
        using var response = await app.CreateClient("de-DE").SendAsync(ErrorRequests.For(kind));

        var problem = await Problem.ReadAsync(response);
        Assert.Equal(Problem.TypeUri(kind), problem.Type);
        Assert.Equal(title, problem.Title);
    }

    [Fact]
    public async Task German_validation_messages_are_German()
    {
        using var response = await app.CreateClient("de").SendAsync(ErrorRequests.PostJson("""{"displayName": ""}"""));

        var problem = await Problem.ReadAsync(response);
        var message = problem.Body.GetProperty("errors").GetProperty("displayName")[0].GetString();
        Assert.Contains("darf nicht leer sein", message);
    }
}
