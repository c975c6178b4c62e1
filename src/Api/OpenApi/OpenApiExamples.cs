using ResourceShare.Api.Associations;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Feedback;
using ResourceShare.Api.Listings;
using ResourceShare.Api.Mail;
using ResourceShare.Api.Matches;
using ResourceShare.Api.Matching;
using ResourceShare.Api.Moderation;
using ResourceShare.Api.Privacy;
using ResourceShare.Api.SavedSearches;
using ResourceShare.Api.Webhooks;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;
using ResourceShare.Domain.Listings;
using ResourceShare.Domain.Matches;
using ResourceShare.Domain.Moderation;
using ResourceShare.Domain.Notifications;

namespace ResourceShare.Api.OpenApi;

/// <summary>
/// The example of every request body and of the main responses, taken from the demo network that scripts/run loads
/// (its ids are fixed), so that Swagger UI offers payloads a person can send as they are. They are typed values of
/// the wire records, written with the API's own JSON settings, and Spectral checks each against its schema; a request
/// body without an example fails OpenApiDocumentTests.
/// </summary>
internal static class OpenApiExamples
{
    private static readonly Guid Selam = Guid.Parse("0199a000-0000-7000-8000-000000000003");
    private static readonly Guid EritreanAssociation = Guid.Parse("0199a000-0000-7000-8000-000000000101");
    private static readonly Guid OffenbachAssociation = Guid.Parse("0199a000-0000-7000-8000-000000002033");
    private static readonly Guid RoomRequest = Guid.Parse("0199a000-0000-7000-8001-000000000006");
    private static readonly Guid RoomOffer = Guid.Parse("0199a000-0000-7000-8001-000000000288");
    private static readonly Guid Match = Guid.Parse("0199a000-0000-7000-8002-000000000041");
    private static readonly DateTimeOffset Created = new(2026, 11, 30, 9, 15, 0, TimeSpan.Zero);
    private static readonly MatchWindowResponse ParentsEvening = new(
        new DateTimeOffset(2027, 3, 4, 17, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 3, 4, 20, 0, 0, TimeSpan.Zero));

    private const string Description = "Wir erwarten Familien mit Kindern und brauchen Stühle und etwas Platz für die Kleinen.";
    private const string Title = "Gesucht: Raum für unseren Elternabend in Frankfurt am Main";

    public static IReadOnlyDictionary<Type, object> ByType { get; } = new Dictionary<Type, object>
    {
        [typeof(RegisterRequest)] = new RegisterRequest("amal.haddad@verein.example", "Kirschbaum-Abendrot-42", "Amal Haddad", "ar", "2026-12"),
        [typeof(LoginRequest)] = new LoginRequest("selam@demo.resourceshare.example", "Demo-Selam-2026!"),
        [typeof(RefreshRequest)] = new RefreshRequest("rst_Y2hhbmdlLW1lLWFmdGVyLXNpZ24taW4tMjAyNi0xMi0wNw"),
        [typeof(UpdateMeRequest)] = new UpdateMeRequest("Selam T.", "de"),
        [typeof(UpdateMailPreferencesRequest)] = new UpdateMailPreferencesRequest([
            new MailPreferenceChange(NotificationKind.MessageReceived, MailDelivery.DailyDigest),
            new MailPreferenceChange(NotificationKind.FeedbackReceived, MailDelivery.Off)]),
        [typeof(ChangePasswordRequest)] = new ChangePasswordRequest("Demo-Selam-2026!", "Apfelblüte-Morgenrot-73"),
        [typeof(ConfirmWithPasswordRequest)] = new ConfirmWithPasswordRequest("Demo-Selam-2026!"),
        [typeof(CreateWebhookRequest)] = new CreateWebhookRequest(
            "https://hooks.kulturverein-frankfurt.example/resourceshare", ["proposal_received", "proposal_accepted", "match_cancelled"]),
        [typeof(UpdateWebhookRequest)] = new UpdateWebhookRequest(
            "https://hooks.kulturverein-frankfurt.example/resourceshare", ["proposal_received", "proposal_accepted", "match_cancelled", "message_received"],
            true),
        [typeof(SaveSearchRequest)] = new SaveSearchRequest(
            "Säle für Kurse",
            new SavedSearchFilters("offer", "room", "Saal Küche", "Frankfurt am Main", null, null, 15, null, null, null, 30, true, null, null),
            "email", "weekly"),
        [typeof(AcceptTermsRequest)] = new AcceptTermsRequest("2026-12"),
        [typeof(CreateAssociationRequest)] = new CreateAssociationRequest(
            "Syrisch-Deutscher Nachbarschaftsverein Hanau", "e.V.", "Amtsgericht Hanau", "VR 3312", "63450", "Hanau",
            "Hausaufgabenhilfe, Kochabende und Beratung für syrische Familien in Hanau.", ["ar", "de", "ku"],
            "https://nachbarschaft-hanau.example", "kontakt@nachbarschaft-hanau.example"),
        [typeof(UpdateAssociationRequest)] = new UpdateAssociationRequest(
            null, null, null, null, null, null,
            "Kultur, Sprache und Beratung für eritreische Familien im Rhein-Main-Gebiet. Neu: Hausaufgabenhilfe dienstags.",
            null, null, null),
        [typeof(AddMemberRequest)] = new AddMemberRequest("fatma@demo.resourceshare.example", MembershipRole.Coordinator),
        [typeof(ChangeMemberRoleRequest)] = new ChangeMemberRoleRequest(MembershipRole.Owner),
        [typeof(CreateApiKeyRequest)] = new CreateApiKeyRequest("Vereinswebsite", [ApiKeyScope.ListingsRead, ApiKeyScope.ListingsWrite]),
        [typeof(CreateListingRequest)] = new CreateListingRequest(
            null, ListingKind.Request, ListingCategory.Room, Title, Description, "de",
            new ListingDetailsDto(Attendees: 28),
            new PlaceDto("60311", "Frankfurt am Main", null, null, null, null, 30, false),
            new ScheduleDto([new WindowDto(ParentsEvening.Start, ParentsEvening.End)], null),
            new TermsDto(TermsKind.Free, null, null, null),
            null),
        [typeof(UpdateListingRequest)] = new UpdateListingRequest(
            null, Description + " Ein Beamer wäre schön.", null, null, null, null, null, null),
        [typeof(CloseListingRequest)] = new CloseListingRequest(CloseReason.Fulfilled),
        [typeof(CreateMatchRequest)] = new CreateMatchRequest(
            RoomRequest, RoomOffer, null, null, "Guten Tag, wir würden Ihren Gemeinschaftsraum gern für unseren Elternabend nutzen."),
        [typeof(AcceptMatchRequest)] = new AcceptMatchRequest(ConflictHandling.Reject),
        [typeof(DeclineMatchRequest)] = new DeclineMatchRequest("Der Raum ist an diesem Abend leider schon vergeben."),
        [typeof(CancelMatchRequest)] = new CancelMatchRequest("Der Elternabend muss verschoben werden."),
        [typeof(PostMessageRequest)] = new PostMessageRequest("Können wir den Schlüssel am Vortag abholen?"),
        [typeof(GiveFeedbackRequest)] = new GiveFeedbackRequest(5, "Sauberer Raum, sehr freundliche Übergabe. Gerne wieder!"),
        [typeof(CreateReportRequest)] = new CreateReportRequest(ReportReason.Spam, "Dieselbe Anzeige wird täglich neu eingestellt.", null),
        [typeof(DecisionReasonRequest)] = new DecisionReasonRequest("Die Anzeige enthält private Telefonnummern Dritter."),
        [typeof(VerifyAssociationRequest)] = new VerifyAssociationRequest("Amtsgericht Frankfurt am Main", "VR 15234"),

        [typeof(TokenResponse)] = new TokenResponse(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMTk5YTAwMC0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDMifQ.c2lnbmF0dXJl",
            "Bearer", 900, Created.AddMinutes(15), "rst_Y2hhbmdlLW1lLWFmdGVyLXNpZ24taW4tMjAyNi0xMi0wNw", Created.AddDays(30)),
        [typeof(AssociationResponse)] = new AssociationResponse(
            EritreanAssociation, "Eritreischer Kulturverein Frankfurt", "e.V.", new RegisterEntryResponse("Amtsgericht Frankfurt am Main", "VR 15234"),
            "60311", "Frankfurt am Main",
            "Kultur, Sprache und Beratung für eritreische Familien im Rhein-Main-Gebiet. Wir teilen unseren Saal und vermitteln Dolmetscherinnen für Tigrinya.",
            ["ti", "de", "ar", "en"], "https://ekv-frankfurt.example", VerificationStatus.Verified, new RatingResponse(4.7m, 6), 9,
            Created, Created, "kontakt@ekv-frankfurt.example",
            [new MemberResponse(Selam, "Selam Tesfaye", "selam@demo.resourceshare.example", MembershipRole.Owner, Created)]),
        [typeof(ListingResponse)] = new ListingResponse(
            RoomRequest, EritreanAssociation, "Eritreischer Kulturverein Frankfurt", VerificationStatus.Verified,
            ListingKind.Request, ListingCategory.Room, Title, Description, "de",
            new ListingDetailsDto(Attendees: 28),
            new ListingPlaceResponse("60311", "Frankfurt am Main", 50.11692, 8.69157, null, null, 30, false),
            new ScheduleDto([new WindowDto(ParentsEvening.Start, ParentsEvening.End)], null), false,
            new ListingTermsResponse(TermsKind.Free, null, null, null),
            Created.AddDays(90), ListingStatus.Published, null, Created, Created, Created),
        [typeof(MatchListResponse)] = new MatchListResponse(RoomRequest, ListingKind.Request,
            [
                new MatchCandidateResponse(
                    RoomOffer, "Gemeinschaftsraum für Veranstaltungen in Offenbach am Main", OffenbachAssociation,
                    "Eritreische Gemeinde Offenbach am Main", 86, 6.095, [ParentsEvening], 1,
                    [
                        new ScoreComponentResponse("distance", 0.837, 0.25, "6,1 km entfernt"),
                        new ScoreComponentResponse("time", 1, 0.2, "zur gewünschten Zeit frei"),
                        new ScoreComponentResponse("cost", 1, 0.15, "kostenlos"),
                        new ScoreComponentResponse("trust", 0.55, 0.15, "verifizierter Verein, 0 abgeschlossene Buchungen, noch keine Bewertungen"),
                        new ScoreComponentResponse("size", 1, 0.15, "Raum für 51 Personen bei 28 Teilnehmenden"),
                        new ScoreComponentResponse("freshness", 0.7, 0.1, "vor 18 Tagen veröffentlicht"),
                    ],
                    null),
            ],
            []),
        [typeof(MatchResponse)] = new MatchResponse(
            Match, MatchStatus.Proposed, ListingCategory.Room,
            new MatchListingResponse(RoomRequest, Title, null),
            new MatchListingResponse(RoomOffer, "Gemeinschaftsraum für Veranstaltungen in Offenbach am Main", null),
            new MatchPartyResponse(EritreanAssociation, "Eritreischer Kulturverein Frankfurt", null),
            new MatchPartyResponse(OffenbachAssociation, "Eritreische Gemeinde Offenbach am Main", null),
            EritreanAssociation, 1, "Guten Tag, wir würden Ihren Gemeinschaftsraum gern für unseren Elternabend nutzen.", null, null,
            ParentsEvening.Start, ParentsEvening.End, [ParentsEvening], [], Created, Created, null),
    };
}
