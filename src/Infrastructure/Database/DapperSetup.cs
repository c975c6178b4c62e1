using Dapper;

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
    }
}
