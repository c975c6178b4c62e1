using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using ResourceShare.Api.Associations;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Calendar;
using ResourceShare.Api.Feedback;
using ResourceShare.Api.Health;
using ResourceShare.Api.Listings;
using ResourceShare.Api.Mail;
using ResourceShare.Api.Matches;
using ResourceShare.Api.Matching;
using ResourceShare.Api.Moderation;
using ResourceShare.Api.Notifications;
using ResourceShare.Api.Places;
using ResourceShare.Api.Privacy;
using ResourceShare.Api.SavedSearches;
using ResourceShare.Api.Webhooks;
using ResourceShare.Infrastructure.Associations;
using ResourceShare.Infrastructure.Listings;
using ResourceShare.Infrastructure.Matches;
using ResourceShare.Infrastructure.Moderation;
using ResourceShare.Infrastructure.Notifications;
using ResourceShare.Infrastructure.Privacy;
using ResourceShare.Infrastructure.Webhooks;

namespace ResourceShare.Api;

/// <summary>Source-generated JSON metadata for the wire contracts: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(CalendarFeedStatusResponse))]
[JsonSerializable(typeof(CalendarFeedResponse))]
[JsonSerializable(typeof(CreateWebhookRequest))]
[JsonSerializable(typeof(UpdateWebhookRequest))]
[JsonSerializable(typeof(WebhookResponse))]
[JsonSerializable(typeof(WebhookSecretResponse))]
[JsonSerializable(typeof(WebhookListResponse))]
[JsonSerializable(typeof(WebhookLogResponse))]
[JsonSerializable(typeof(WebhookMessageResponse))]
[JsonSerializable(typeof(WebhookMessagePosition))]
[JsonSerializable(typeof(SaveSearchRequest))]
[JsonSerializable(typeof(SavedSearchResponse))]
[JsonSerializable(typeof(SavedSearchFilters))]
[JsonSerializable(typeof(SavedSearchListResponse))]
[JsonSerializable(typeof(ListingSearchQuery))]
[JsonSerializable(typeof(UpdateMailPreferencesRequest))]
[JsonSerializable(typeof(MailPreferencesResponse))]
[JsonSerializable(typeof(PlaceListResponse))]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(UpdateMeRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(RegisterResponse))]
[JsonSerializable(typeof(MeResponse))]
[JsonSerializable(typeof(PersonalExport))]
[JsonSerializable(typeof(TermsResponse))]
[JsonSerializable(typeof(CurrentTermsResponse))]
[JsonSerializable(typeof(AcceptTermsRequest))]
[JsonSerializable(typeof(ConfirmWithPasswordRequest))]
[JsonSerializable(typeof(AssociationExport))]
[JsonSerializable(typeof(CreateAssociationRequest))]
[JsonSerializable(typeof(UpdateAssociationRequest))]
[JsonSerializable(typeof(AddMemberRequest))]
[JsonSerializable(typeof(ChangeMemberRoleRequest))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(AssociationResponse))]
[JsonSerializable(typeof(AssociationPage))]
[JsonSerializable(typeof(MemberResponse))]
[JsonSerializable(typeof(MemberListResponse))]
[JsonSerializable(typeof(ApiKeyListResponse))]
[JsonSerializable(typeof(CreatedApiKeyResponse))]
[JsonSerializable(typeof(DirectoryPosition))]
[JsonSerializable(typeof(CreateListingRequest))]
[JsonSerializable(typeof(UpdateListingRequest))]
[JsonSerializable(typeof(CloseListingRequest))]
[JsonSerializable(typeof(ListingResponse))]
[JsonSerializable(typeof(ListingPage))]
[JsonSerializable(typeof(CategoryListResponse))]
[JsonSerializable(typeof(ListingPosition))]
[JsonSerializable(typeof(SearchPosition))]
[JsonSerializable(typeof(ListingSearchResponse))]
[JsonSerializable(typeof(CreateMatchRequest))]
[JsonSerializable(typeof(AcceptMatchRequest))]
[JsonSerializable(typeof(DeclineMatchRequest))]
[JsonSerializable(typeof(CancelMatchRequest))]
[JsonSerializable(typeof(PostMessageRequest))]
[JsonSerializable(typeof(MatchResponse))]
[JsonSerializable(typeof(AcceptedMatchResponse))]
[JsonSerializable(typeof(MatchPage))]
[JsonSerializable(typeof(MatchPosition))]
[JsonSerializable(typeof(BookingPage))]
[JsonSerializable(typeof(BookingPosition))]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(MessagePage))]
[JsonSerializable(typeof(MessagePosition))]
[JsonSerializable(typeof(MatchListResponse))]
[JsonSerializable(typeof(NotificationPageResponse))]
[JsonSerializable(typeof(NotificationPosition))]
[JsonSerializable(typeof(GiveFeedbackRequest))]
[JsonSerializable(typeof(FeedbackResponse))]
[JsonSerializable(typeof(FeedbackListResponse))]
[JsonSerializable(typeof(CreateReportRequest))]
[JsonSerializable(typeof(DecisionReasonRequest))]
[JsonSerializable(typeof(VerifyAssociationRequest))]
[JsonSerializable(typeof(ReportResponse))]
[JsonSerializable(typeof(QueuePage))]
[JsonSerializable(typeof(QueuePosition))]
[JsonSerializable(typeof(AuditLogPage))]
[JsonSerializable(typeof(AuditPosition))]
[JsonSerializable(typeof(StatsResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
