using Microsoft.Extensions.Configuration;
using Npgsql;
using ResourceShare.Infrastructure.Accounts;
using ResourceShare.Infrastructure.Associations;
using ResourceShare.Infrastructure.Calendar;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Feedback;
using ResourceShare.Infrastructure.Idempotency;
using ResourceShare.Infrastructure.Listings;
using ResourceShare.Infrastructure.Mail;
using ResourceShare.Infrastructure.Matches;
using ResourceShare.Infrastructure.Matching;
using ResourceShare.Infrastructure.Notifications;
using ResourceShare.Infrastructure.Moderation;
using ResourceShare.Infrastructure.Outbox;
using ResourceShare.Infrastructure.Places;
using ResourceShare.Infrastructure.Privacy;
using ResourceShare.Infrastructure.SavedSearches;

namespace Microsoft.Extensions.DependencyInjection;

public static class InfrastructureServiceCollectionExtensions
{
    public static IServiceCollection AddResourceShareInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "No database configured: set ConnectionStrings__Default (or run scripts/run, which starts a local PostgreSQL).");
        }

        DapperSetup.Configure();
        services.AddNpgsqlDataSource(DataSourceSetup.Tune(connectionString));
        services.AddSingleton<IReferenceData, Gazetteer>();
        services.AddMigrator(connectionString, configuration.GetConnectionString("Migrations"));
        services.AddSessionVersions(connectionString);
        services.AddSingleton<PlaceStore>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<RefreshTokenStore>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<AssociationStore>();
        services.AddSingleton<MembershipStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<IListingChanges, MatchPush>();
        services.AddSingleton<ListingStore>();
        services.AddSingleton(sp => new ListingSearch(sp.GetRequiredService<NpgsqlDataSource>(), configuration.GetValue("Search:CountCap", 1000)));
        services.AddSingleton<MatchStore>();
        services.AddSingleton<MatchingStore>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<SavedSearchStore>();
        services.AddSingleton<SavedSearchMatcher>();
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<ReportStore>();
        services.AddSingleton<ModerationStore>();
        services.AddSingleton<ModerationQueue>();
        services.AddSingleton<AdminStore>();
        services.AddSingleton<ExportStore>();
        services.AddSingleton<ErasureStore>();
        services.AddSingleton<RetentionStore>();
        services.AddSingleton<TransparencyStore>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton(new DeliveryWakeups(connectionString));
        services.AddSingleton<CalendarStore>();
        services.AddWebhooks(configuration);
        services.AddMail(configuration);
        return services;
    }
}
