using ResourceShare.Api.Auth;
using ResourceShare.Domain.Accounts;
using ResourceShare.Infrastructure.Accounts;
using ResourceShare.Infrastructure.Database;
using ResourceShare.Infrastructure.Demo;
using ResourceShare.Infrastructure.Matching;

namespace ResourceShare.Api;

/// <summary>Administrative commands: <c>dotnet run --project src/Api -- &lt;command&gt;</c>.</summary>
public static class Commands
{
    private const string Usage = """
        Commands:
          migrate                      apply pending migrations and exit
          grant-role <email> <role>    set a user's platform role (member, moderator, admin)
          seed-demo                    load the demo network (development only; idempotent)
          refresh-matches              compute the match candidates of every listing waiting for them (after a bulk load)
        Without a command the API serves HTTP.
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var ct = app.Lifetime.ApplicationStopping;
        switch (args)
        {
            case ["migrate"]:
                var applied = await app.Services.GetRequiredService<Migrator>().MigrateAsync(ct);
                Console.WriteLine($"{applied} migration(s) applied; the database is up to date.");
                return 0;

            case ["grant-role", var email, var roleText]:
                if (!EnumText<PlatformRole>.TryParse(roleText, out var role))
                {
                    Console.Error.WriteLine($"Unknown role '{roleText}': use member, moderator or admin.");
                    return 2;
                }

                var user = await app.Services.GetRequiredService<UserStore>().SetPlatformRoleAsync(email, role, null, null, ct);
                if (user is null)
                {
                    Console.Error.WriteLine($"No user with the email {email}: they must register first.");
                    return 1;
                }

                Console.WriteLine($"{user.Email} is now {roleText}.");
                return 0;

            case ["seed-demo"]:
                if (!app.Environment.IsDevelopment())
                {
                    Console.Error.WriteLine("seed-demo runs in the Development environment only: its passwords are public.");
                    return 2;
                }

                await app.Services.GetRequiredService<Migrator>().MigrateAsync(ct);
                var passwords = app.Services.GetRequiredService<Passwords>();
                var accounts = await DemoData.SeedAsync(app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), passwords.Hash, ct);
                Console.WriteLine("Demo accounts (development only):");
                foreach (var account in accounts)
                {
                    Console.WriteLine($"  {account.Email,-40} {account.Password,-24} {account.Description}");
                }

                return 0;

            case ["refresh-matches"]:
                var pairs = await app.Services.GetRequiredService<MatchingStore>().RefreshAllAsync(ct);
                Console.WriteLine($"{pairs} match candidate(s) written.");
                return 0;

            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }
}
