using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Client;
using ResourceShare.Client.Api.V1.Listings;
using ResourceShare.Client.Models;

namespace ResourceShare.Api.Tests.OpenApi.Kit;

/// <summary>
/// The C# kit (tools/client-kiota): the client Kiota generates from the committed document, which
/// OpenApiSnapshotTests holds equal to the served one, runs the integrator's scenario against the API.
/// </summary>
public sealed class KiotaClientTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    [Fact]
    public async Task The_generated_client_runs_the_scenario_from_registration_to_a_proposal()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var moderator = Client((await app.SignInWithRoleAsync("moderator")).AccessToken);
        var requester = await RegisterAsync($"amal-{suffix}@verein.example", "Amal Haddad");
        var provider = await RegisterAsync($"yonas-{suffix}@gemeinde.example", "Yonas Berhane");
        await CreateAssociationAsync(requester, $"Syrisch-Deutscher Nachbarschaftsverein {suffix}", "60311", "Frankfurt am Main");
        await CreateAssociationAsync(provider, $"Eritreische Gemeinde {suffix}", "63065", "Offenbach");
        var start = DateTimeOffset.UtcNow.Date.AddDays(21).AddHours(18);

        var offer = await provider.Api.V1.Listings.PostAsync(new CreateListingRequest
        {
            Kind = ListingKind.Offer, Category = ListingCategory.Room, Title = "Gemeinschaftsraum für Veranstaltungen in Offenbach",
            ContentLanguage = "de", Details = new ListingDetailsDto { Capacity = 60 },
            Place = new PlaceDto { PostalCode = "63065", City = "Offenbach", ServiceRadiusKm = 25 },
            Schedule = new ScheduleDto { Windows = [new WindowDto { Start = start, End = start.AddHours(6) }] },
            Terms = new TermsDto { Kind = TermsKind.Free },
        });
        var request = await requester.Api.V1.Listings.PostAsync(new CreateListingRequest
        {
            Kind = ListingKind.Request, Category = ListingCategory.Room, Title = "Gesucht: Raum für unseren Elternabend",
            ContentLanguage = "de", Details = new ListingDetailsDto { Attendees = 28 },
            Place = new PlaceDto { PostalCode = "60311", City = "Frankfurt am Main", MaxDistanceKm = 30 },
            Schedule = new ScheduleDto { Windows = [new WindowDto { Start = start, End = start.AddHours(3) }] },
            Terms = new TermsDto { Kind = TermsKind.Free },
        });
        foreach (var (owner, listing) in new[] { (provider, offer!), (requester, request!) })
        {
            var published = await owner.Api.V1.Listings[listing.Id!.Value].Publish.PostAsync();
            Assert.Equal(ListingStatus.Pending_review, published!.Status);
            var etag = await ETagOfAsync(moderator, listing.Id.Value);
            var approved = await moderator.Api.V1.Admin.Listings[listing.Id.Value].Approve.PostAsync(c => c.Headers.Add("If-Match", etag));
            Assert.Equal(ListingStatus.Published, approved!.Status);
        }

        var found = await requester.Api.V1.Listings.GetAsync(c =>
        {
            c.QueryParameters.Kind = GetKindQueryParameterType.Offer;
            c.QueryParameters.Category = GetCategoryQueryParameterType.Room;
            c.QueryParameters.Near = "Frankfurt am Main";
            c.QueryParameters.RadiusKm = 30;
            c.QueryParameters.Limit = 100;
        });
        var matches = await requester.Api.V1.Listings[request!.Id!.Value].Matches.GetAsync(c => c.QueryParameters.Limit = 50);
        var match = await requester.Api.V1.Matches.PostAsync(new CreateMatchRequest
        {
            RequestId = request.Id, OfferId = offer!.Id, Message = "Guten Tag, wir würden Ihren Raum gern für unseren Elternabend nutzen.",
        });
        var again = await Assert.ThrowsAsync<ConflictProblemDetails>(() => provider.Api.V1.Listings[offer.Id!.Value].Publish.PostAsync());

        Assert.Contains(found!.Items!, hit => hit.Listing!.Id == offer.Id);
        Assert.Contains(matches!.Matches!, candidate => candidate.ListingId == offer.Id);
        Assert.Equal(MatchStatus.Proposed, match!.Status);
        Assert.Single(match.Windows!);
        Assert.Equal(409, again.ResponseStatusCode);
        Assert.Equal("published", again.CurrentStatus);
        Assert.Equal("urn:resourceshare:problem:invalid-transition", again.Type);
    }

    private ResourceShareClient Client(string? accessToken)
    {
        var http = KiotaClientFactory.Create(finalHandler: app.Server.CreateHandler());
        if (accessToken is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        }

        return new ResourceShareClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = "http://localhost",
        });
    }

    private async Task<ResourceShareClient> RegisterAsync(string email, string displayName)
    {
        var registered = await Client(null).Api.V1.Auth.Register.PostAsync(new RegisterRequest
        {
            Email = email, Password = ResourceShareApp.Password, DisplayName = displayName, PreferredLanguage = "de",
        });
        return Client(registered!.Tokens!.AccessToken);
    }

    private static Task CreateAssociationAsync(ResourceShareClient owner, string name, string postalCode, string city) =>
        owner.Api.V1.Associations.PostAsync(new CreateAssociationRequest
        {
            Name = name, LegalForm = "e.V.", PostalCode = postalCode, City = city, ContactEmail = "kontakt@verein.example", Languages = ["de", "ar"],
        });

    /// <summary>The listing's ETag, read from the response headers as the client hands them out.</summary>
    private static async Task<string> ETagOfAsync(ResourceShareClient client, Guid listingId)
    {
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        await client.Api.V1.Listings[listingId].GetAsync(c => c.Options.Add(headers));
        return Assert.Single(headers.ResponseHeaders["ETag"]);
    }
}
