using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Bench.Seed;

namespace ResourceShare.Api.Tests.BulkData;

public sealed class BulkDataTests(BulkDataApp app) : IClassFixture<BulkDataApp>
{
    private static readonly BenchSizes Sizes = BulkDataApp.Sizes;

    [Fact]
    public async Task Generated_listings_are_served_found_and_matched_as_the_contract_numbers_them()
    {
        using var anonymous = app.CreateClient();

        var hot = await (await anonymous.GetAsync($"/api/v1/listings/{BenchIds.Id(BenchIds.Listing, BenchSizes.HotOffer(BenchSizes.HotOffers))}")).JsonAsync(HttpStatusCode.OK);
        var unpublished = await anonymous.GetAsync($"/api/v1/listings/{BenchIds.Id(BenchIds.Listing, Sizes.Published + 1)}");
        var rooms = await (await anonymous.GetAsync("/api/v1/listings?category=room&kind=offer")).JsonAsync(HttpStatusCode.OK);
        using var owner = app.CreateClientWithApiKey(BenchIds.Key(Sizes.OwnerOf(4)));
        var matches = await owner.GetAsync($"/api/v1/listings/{BenchIds.Id(BenchIds.Listing, 4)}/matches");

        Assert.Equal(("offer", "room", "published"), (hot.Str("kind"), hot.Str("category"), hot.Str("status")));
        Assert.Equal(BenchIds.Id(BenchIds.Association, Sizes.OwnerOf(BenchSizes.LastHotOffer)), hot.GetProperty("associationId").GetGuid());
        Assert.Equal(HttpStatusCode.NotFound, unpublished.StatusCode);
        Assert.NotEmpty(rooms.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, matches.StatusCode);
    }

    [Fact]
    public async Task Generated_details_of_every_category_and_kind_pass_the_APIs_validation()
    {
        const string sql = """
            SELECT DISTINCT ON (category, kind) id FROM listing WHERE status = 'published' ORDER BY category, kind, id
            """;
        var ids = new List<Guid>();
        await using (var conn = new NpgsqlConnection(app.ConnectionString))
        {
            await conn.OpenAsync();
            await using var command = new NpgsqlCommand(sql, conn);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0));
            }
        }

        using var anonymous = app.CreateClient();
        var answers = new List<(Guid, HttpStatusCode)>();
        foreach (var id in ids)
        {
            var listing = await (await anonymous.GetAsync($"/api/v1/listings/{id}")).JsonAsync(HttpStatusCode.OK);
            var owner = Convert.ToInt32(listing.GetProperty("associationId").GetGuid().ToString()[..8], 16);
            using var key = app.CreateClientWithApiKey(BenchIds.Key(owner));
            var update = await key.PatchAsJsonAsync($"/api/v1/listings/{id}", new JsonObject
            {
                ["details"] = listing.GetProperty("details").WithoutNulls(),
                ["place"] = listing.GetProperty("place").WithoutNulls(),
                ["terms"] = listing.GetProperty("terms").WithoutNulls(),
            });
            answers.Add((id, update.StatusCode));
        }

        Assert.Equal(12, ids.Count);
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Item2));
    }

    [Theory]
    [InlineData(BenchSizes.PoolRandomFirst + 5)]
    [InlineData(BenchSizes.PoolHotFirst + 7)]
    public async Task Pool_proposal_accepted_with_the_providers_bench_key_is_booked_and_the_reset_proposes_it_again(int number)
    {
        var i = number - (number >= BenchSizes.PoolHotFirst ? BenchSizes.PoolHotFirst : BenchSizes.PoolRandomFirst);
        var offer = number >= BenchSizes.PoolHotFirst ? BenchSizes.HotOffer(1 + i % BenchSizes.HotOffers) : Sizes.RandomPoolOffer(i);
        var id = BenchIds.Id(BenchIds.Match, number);
        using var provider = app.CreateClientWithApiKey(BenchIds.Key(Sizes.OwnerOf(offer)));

        var accepted = await (await ResourceShareApp.PostMoveAsync(provider, id, "accept")).JsonAsync(HttpStatusCode.OK);
        var booked = await BookingsOfAsync(id);
        await app.ResetPoolsAsync();
        var status = await app.QueryScalarAsync<string>("SELECT status FROM match WHERE id = @id", id);
        var bookedAfterReset = await BookingsOfAsync(id);
        var again = await ResourceShareApp.PostMoveAsync(provider, id, "accept");
        await app.ResetPoolsAsync();

        Assert.Equal("accepted", accepted.GetProperty("match").Str("status"));
        Assert.Equal(BenchIds.Id(BenchIds.Listing, offer), accepted.GetProperty("match").GetProperty("offer").Id());
        Assert.Equal(1, booked);
        Assert.Equal(("proposed", 0), (status, bookedAfterReset));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Same_seed_loads_the_same_rows_and_another_seed_other_ones()
    {
        // Fresh databases: the other tests change the fixture's.
        string[] databases = [await TestDatabase.CreateAsync(), await TestDatabase.CreateAsync(), await TestDatabase.CreateAsync()];
        try
        {
            await BulkDataApp.LoadAsync(databases[0], BulkLoader.DefaultSeed);
            await BulkDataApp.LoadAsync(databases[1], BulkLoader.DefaultSeed);
            await BulkDataApp.LoadAsync(databases[2], BulkLoader.DefaultSeed + 1);

            var loaded = await FingerprintAsync(databases[0]);
            Assert.Equal(loaded, await FingerprintAsync(databases[1]));
            Assert.NotEqual(loaded, await FingerprintAsync(databases[2]));
        }
        finally
        {
            foreach (var database in databases)
            {
                await TestDatabase.DropAsync(database);
            }
        }
    }

    private Task<long> BookingsOfAsync(Guid matchId) =>
        app.QueryScalarAsync<long>("SELECT count(*) FROM booking WHERE match_id = @id AND status = 'confirmed'", matchId);

    /// <summary>Every listing's content and every bulk booking's parties (times are relative to the load, so left out).</summary>
    private static async Task<string> FingerprintAsync(string connectionString)
    {
        const string sql = """
            SELECT (SELECT count(*) || ':' || md5(string_agg(concat_ws('|', id, association_id, kind, category, status, title, description, city, details), '/' ORDER BY id)) FROM listing)
                || ' ' || (SELECT count(*) || ':' || md5(string_agg(concat_ws('|', id, match_id, offer_id, requester_id, quantity, status), '/' ORDER BY id)) FROM booking)
            """;
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var command = new NpgsqlCommand(sql, conn);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
