using ResourceShare.Api;
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
using ResourceShare.Api.Http;
using ResourceShare.Api.Notifications;
using ResourceShare.Api.OpenApi;
using ResourceShare.Api.Outbox;
using ResourceShare.Api.Places;
using ResourceShare.Api.Privacy;
using ResourceShare.Api.SavedSearches;
using ResourceShare.Api.Webhooks;
using ResourceShare.Infrastructure.Database;

// The content root is where the API's files are, not the directory it was started from: appsettings.json is read
// wherever the API is started (scripts/run starts it from the repository root).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// The console is for a person in Development (one short line per entry) and for a log collector elsewhere (JSON).
builder.Logging.ClearProviders();
if (builder.Environment.IsDevelopment())
{
    builder.Logging.AddSimpleConsole(o =>
    {
        o.SingleLine = true;
        o.TimestampFormat = "HH:mm:ss ";
    });
}
else
{
    builder.Logging.AddJsonConsole(o =>
    {
        o.IncludeScopes = true;
        o.UseUtcTimestamp = true;
        o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
    });
}

builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
builder.WebHost.ConfigureKestrel(o =>
{
    o.Limits.MaxRequestBodySize = RequestBodyLimit.MaxBytes;
    o.AddServerHeader = false;
    o.ConfigureEndpointDefaults(listen => listen.UseProblemBodies());
});

builder.Services.AddResourceShareInfrastructure(builder.Configuration);
builder.Services.AddResourceShareApi(builder.Configuration);
builder.Services.AddHostedService<ListingExpiryService>();
builder.Services.Configure<RetentionOptions>(builder.Configuration.GetSection(RetentionOptions.Section));
builder.Services.AddHostedService<RetentionService>();
builder.Services.AddHostedService<DeliveryWakeupService>();
builder.Services.AddHostedService<OutboxDispatchService>();
builder.Services.AddWebhookSending();
builder.Services.AddMailDelivery();
builder.Services.AddHostedService<ListingCountService>();
builder.Services.AddHostedService<MatchCandidateService>();
builder.Services.AddHostedService<SavedSearchService>();
builder.Services.AddMatches(builder.Configuration);

var app = builder.Build();

if (Commands.IsCommand(args))
{
    return await Commands.RunAsync(app, args);
}

if (app.Configuration.GetValue("Database:MigrateOnStartup", true))
{
    await app.Services.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None);
}

app.UseRequestLog();
app.UseForwardedHeaders();
app.UseSecurityHeaders();
// The exception handler and status code pages write their problems once the inner pipeline has returned, and the
// culture set inside it does not flow back out: localization must wrap them to answer in the caller's language.
app.UseRequestLocalization();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCallerDependentCaching();
app.UseMiddleware<RateLimitMiddleware>();
app.UseRequestBodyLimit();
app.UseCredentialGuard();
app.UseIdempotencyBuffering();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi("/openapi/{documentName}.json");
app.UseSwaggerUI(o =>
{
    o.SwaggerEndpoint($"/openapi/{OpenApiSetup.DocumentName}.json", "ResourceShare v1");
    o.RoutePrefix = "swagger";
    o.DocumentTitle = "ResourceShare API";
});

app.MapHealth();
app.MapPlaces();
app.MapAuth();
app.MapAssociations();
app.MapListings();
app.MapListingExtension();
app.MapMatches();
app.MapMatching();
app.MapNotifications();
app.MapCalendar();
app.MapWebhooks();
app.MapSavedSearches();
app.MapMail();
app.MapFeedback();
app.MapModeration();
app.MapAdmin();
app.MapPrivacy();

await app.RunAsync();
return 0;
