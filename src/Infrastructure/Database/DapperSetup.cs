using System.Data;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using ResourceShare.Domain.Accounts;
using ResourceShare.Domain.Associations;

namespace ResourceShare.Infrastructure.Database;

internal static class DapperSetup
{
    private static int configured;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref configured, 1) == 1)
        {
            return;
        }

        // snake_case columns map onto PascalCase members once, for every query.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        // Enums travel as their snake_case text (text columns with CHECK constraints), never as numbers.
        SqlMapper.Settings.PreferTypeHandlersForEnums = true;
        // Npgsql reports text[] columns as System.Array, which Dapper will not match to a string[]
        // constructor parameter of a positional record unless a handler claims the type.
        SqlMapper.AddTypeHandler(new TextArrayHandler());
        AddEnum<PlatformRole>();
        AddEnum<MembershipRole>();
        AddEnum<VerificationStatus>();
        AddEnum<ResourceShare.Domain.Listings.ListingKind>();
        AddEnum<ResourceShare.Domain.Listings.ListingCategory>();
        AddEnum<ResourceShare.Domain.Listings.ListingStatus>();
        AddEnum<ResourceShare.Domain.Listings.TermsKind>();
        AddEnum<ResourceShare.Domain.Listings.CloseReason>();
        AddEnum<ResourceShare.Domain.Matches.MatchStatus>();
        AddEnum<ResourceShare.Domain.Matches.BookingStatus>();
        AddEnum<ResourceShare.Domain.Notifications.NotificationKind>();
        AddEnum<ResourceShare.Domain.Notifications.MailDelivery>();
        AddEnum<ResourceShare.Domain.Moderation.ReportReason>();
        AddEnum<ResourceShare.Domain.Moderation.ModerationTarget>();
        AddEnum<ResourceShare.Domain.SavedSearches.SavedSearchChannel>();
        AddEnum<ResourceShare.Domain.SavedSearches.SavedSearchRhythm>();
    }

    private sealed class TextArrayHandler : SqlMapper.TypeHandler<string[]>
    {
        public override void SetValue(IDbDataParameter parameter, string[]? value)
        {
            parameter.Value = value ?? (object)DBNull.Value;
            if (parameter is NpgsqlParameter npgsql)
            {
                npgsql.NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text;
            }
        }

        public override string[] Parse(object value) => (string[])value;
    }

    private static void AddEnum<T>() where T : struct, Enum => SqlMapper.AddTypeHandler(new EnumText<T>.Handler());
}
