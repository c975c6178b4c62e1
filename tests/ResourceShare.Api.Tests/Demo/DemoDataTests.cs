using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Infrastructure.Demo;

namespace ResourceShare.Api.Tests.Demo;

public sealed class DemoDataTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private const string DemoAssociations = "SELECT count(*) FROM association WHERE id::text LIKE '0199a000-%' AND id <> @id";
    private const string DemoRows = """
        SELECT (SELECT count(*) FROM listing WHERE id::text LIKE '0199a000-%') || '/' || (SELECT count(*) FROM listing_window WHERE listing_id::text LIKE '0199a000-%')
            || '/' || (SELECT count(*) FROM match WHERE id::text LIKE '0199a000-%') || '/' || (SELECT count(*) FROM booking WHERE id::text LIKE '0199a000-%')
            || '/' || (SELECT count(*) FROM notification WHERE id::text LIKE '0199a000-%') || '/' || (SELECT count(*) FROM report WHERE id::text LIKE '0199a000-%')
            || '/' || (SELECT count(*) FROM feedback WHERE match_id::text LIKE '0199a000-%') || '/' || (SELECT count(*) FROM match_message WHERE id::text LIKE '0199a000-%')
          WHERE @id IS NOT NULL
        """;
    private const string EritreanAssociation = "0199a000-0000-7000-8000-000000000101";
    private const string DemoMemberships = "SELECT count(*) FROM membership WHERE association_id::text LIKE '0199a000-%' AND user_id <> @id";

    private Task<IReadOnlyList<DemoAccount>> SeedAsync() => DemoData.SeedAsync(
        app.Services.GetRequiredService<NpgsqlDataSource>(), app.Services.GetRequiredService<Passwords>().Hash, CancellationToken.None);

    [Fact]
    public async Task Seeding_loads_a_network_of_forty_associations_whose_owners_can_sign_in_and_a_second_seed_adds_nothing()
    {
        var accounts = await SeedAsync();
        var associations = await app.QueryScalarAsync<long>(DemoAssociations, Guid.Empty);
        var memberships = await app.QueryScalarAsync<long>(DemoMemberships, Guid.Empty);

        await SeedAsync();

        Assert.Equal(40, associations);
        Assert.Equal(associations, await app.QueryScalarAsync<long>(DemoAssociations, Guid.Empty));
        Assert.Equal(memberships, await app.QueryScalarAsync<long>(DemoMemberships, Guid.Empty));
        var owner = accounts[^1];
        var signedIn = await app.SignInAsync(owner.Email, owner.Password);
        var me = await signedIn.Client.GetStringAsync("/api/v1/me");
        Assert.Contains("owner", me);
    }

    [Fact]
    public async Task The_demo_network_has_listings_of_every_category_matches_bookings_inboxes_and_reports_and_loads_once()
    {
        var accounts = await SeedAsync();
        var rows = await app.QueryScalarAsync<string>(DemoRows, Guid.Empty);
        await SeedAsync();

        Assert.Equal(rows, await app.QueryScalarAsync<string>(DemoRows, Guid.Empty));
        var counts = rows.Split('/').Select(long.Parse).ToArray();
        Assert.InRange(counts[0], 300, 330);
        Assert.All(counts, c => Assert.True(c > 0, rows));
        using var anonymous = app.CreateClient();
        foreach (var category in new[] { "room", "interpreting", "equipment", "vehicle", "expertise", "other" })
        {
            var page = await anonymous.GetStringAsync($"/api/v1/listings?category={category}");
            Assert.Contains($"\"category\":\"{category}\"", page);
        }

        Assert.Contains("Dolmetschen Arabisch", await anonymous.GetStringAsync("/api/v1/listings?language=ar-de&kind=offer"));
        var selam = accounts.Single(a => a.Email.StartsWith("selam@", StringComparison.Ordinal));
        var owner = await app.SignInAsync(selam.Email, selam.Password);
        var matches = await owner.Client.GetStringAsync("/api/v1/matches");
        Assert.Contains("\"status\":\"accepted\"", matches);
        Assert.Contains("\"status\":\"proposed\"", matches);
        Assert.Contains("proposal_accepted", await owner.Client.GetStringAsync($"/api/v1/associations/{EritreanAssociation}/notifications"));
        Assert.Contains("\"items\":[{", await owner.Client.GetStringAsync($"/api/v1/associations/{EritreanAssociation}/bookings"));
        var moderatorAccount = accounts.Single(a => a.Email.StartsWith("moderator@", StringComparison.Ordinal));
        var moderator = await app.SignInAsync(moderatorAccount.Email, moderatorAccount.Password);
        Assert.Contains("Dieselbe Anzeige steht dreimal drin.", await moderator.Client.GetStringAsync("/api/v1/admin/moderation/queue"));
    }
}
