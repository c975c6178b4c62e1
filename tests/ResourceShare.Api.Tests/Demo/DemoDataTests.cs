using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResourceShare.Api.Auth;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Infrastructure.Demo;

namespace ResourceShare.Api.Tests.Demo;

public sealed class DemoDataTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private const string DemoAssociations = "SELECT count(*) FROM association WHERE id::text LIKE '0199a000-%' AND id <> @id";
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
}
