using Dapper;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;

namespace ResourceShare.Api.Tests.Outbox;

public sealed class OutboxTests(OutboxApp app) : IClassFixture<OutboxApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Proposal_reaches_the_channels_once_with_its_inbox_entry()
    {
        using var started = app.CreateClient();
        var requester = await app.CreateMatchPartnerAsync();
        var provider = await app.CreateMatchPartnerAsync();

        await app.ArrangeMatchAsync(requester, provider, "declined");
        await app.WaitForEmptyOutboxAsync(Patience);

        var inbox = (await ResourceShareApp.InboxAsync(provider.Manager.Client, provider.AssociationId))
            .Concat(await ResourceShareApp.InboxAsync(requester.Manager.Client, requester.AssociationId))
            .ToList();
        var deliveries = await app.DeliveriesAsync();
        Assert.Contains(inbox, entry => entry.GetProperty("kind").GetString() == "proposal_received");
        Assert.Contains(inbox, entry => entry.GetProperty("kind").GetString() == "proposal_declined");
        Assert.All(inbox, entry => Assert.Single(deliveries[entry.GetProperty("id").GetGuid()]));
    }

    [Fact]
    public async Task Event_rolled_back_with_its_cause_is_never_delivered()
    {
        using var started = app.CreateClient();
        var partner = await app.CreateMatchPartnerAsync();
        await using var conn = new NpgsqlConnection(app.DataConnectionString);
        await conn.OpenAsync();
        Guid id;
        await using (var tx = await conn.BeginTransactionAsync())
        {
            id = await InsertNotificationAsync(conn, tx, partner.AssociationId, "{}");
            await tx.RollbackAsync();
        }

        var committed = await InsertNotificationAsync(conn, null, partner.AssociationId, "{}");
        await app.WaitForEmptyOutboxAsync(Patience);

        var deliveries = await app.DeliveriesAsync();
        Assert.False(deliveries.ContainsKey(id));
        Assert.Single(deliveries[committed]);
    }

    [Fact]
    public async Task Two_instances_deliver_every_event_exactly_once()
    {
        using var main = app.CreateClient();
        using var second = app.WithSettings((OutboxApp.InstanceSetting, "second"));
        using var secondClient = second.CreateClient();
        var partner = await app.CreateMatchPartnerAsync();

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var conn = new NpgsqlConnection(app.DataConnectionString);
            await conn.OpenAsync();
            var written = new List<Guid>();
            for (var i = 0; i < 25; i++)
            {
                written.Add(await InsertNotificationAsync(conn, null, partner.AssociationId, "{}"));
            }

            return written;
        }));
        await app.WaitForEmptyOutboxAsync(Patience);

        var deliveries = await app.DeliveriesAsync();
        Assert.All(ids.SelectMany(i => i), id => Assert.Single(deliveries[id]));
    }

    [Fact]
    public async Task Event_held_by_an_instance_that_dies_is_delivered_by_another_once()
    {
        using var main = app.CreateClient();
        var partner = await app.CreateMatchPartnerAsync();
        await using var conn = new NpgsqlConnection(app.DataConnectionString);
        await conn.OpenAsync();

        var held = await InsertNotificationAsync(conn, null, partner.AssociationId, """{"holdOnce": true}""");
        var pid = await WaitForHolderAsync(held);
        using var second = app.WithSettings((OutboxApp.InstanceSetting, "second"));
        using var secondClient = second.CreateClient();
        await Task.Delay(500);
        Assert.False((await app.DeliveriesAsync()).ContainsKey(held));
        await using (var owner = new NpgsqlConnection(app.ConnectionString))
        {
            Assert.True(await owner.ExecuteScalarAsync<bool>("SELECT pg_terminate_backend(@pid)", new { pid }));
        }

        await app.WaitForEmptyOutboxAsync(Patience);

        Assert.Single((await app.DeliveriesAsync())[held]);
    }

    private static async Task<int> WaitForHolderAsync(Guid id)
    {
        var until = DateTime.UtcNow + Patience;
        while (!OutboxApp.Held.TryGetValue(id, out _))
        {
            Assert.True(DateTime.UtcNow < until, "No instance took the event.");
            await Task.Delay(20);
        }

        return OutboxApp.Held[id];
    }

    private static async Task<Guid> InsertNotificationAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid associationId, string data)
    {
        var id = Guid.CreateVersion7();
        await conn.ExecuteAsync(
            "INSERT INTO notification (id, association_id, kind, data) VALUES (@id, @associationId, @kind, @data::jsonb)",
            new { id, associationId, kind = "association_verified", data }, tx);
        return id;
    }
}
