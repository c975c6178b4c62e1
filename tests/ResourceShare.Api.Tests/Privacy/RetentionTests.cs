using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ResourceShare.Api.Tests.Fixtures;
using ResourceShare.Infrastructure.Privacy;

namespace ResourceShare.Api.Tests.Privacy;

public sealed class RetentionTests(ResourceShareApp app) : IClassFixture<ResourceShareApp>
{
    private static readonly RetentionPeriods Periods = new(
        TimeSpan.FromDays(7), TimeSpan.FromHours(24), TimeSpan.FromHours(24), TimeSpan.FromDays(7), TimeSpan.FromDays(365),
        TimeSpan.FromDays(30), TimeSpan.FromDays(730));

    [Fact]
    public async Task Data_past_its_period_goes_and_data_within_it_stays()
    {
        var active = await app.ActivePersonAsync();
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.ExecuteAsync("""
            INSERT INTO rate_limit_bucket (key, window_start, hits) VALUES (@Old, now() - interval '2 days', 1), (@New, now(), 1);
            INSERT INTO sign_in_backoff (key, attempts, last_attempt_at) VALUES (@Old, 3, now() - interval '8 days'), (@New, 3, now());
            INSERT INTO idempotency_key (principal, key, fingerprint, status, body, created_at) VALUES (@Old, 'k', '\x00', 201, '{}', now() - interval '25 hours'), (@New, 'k', '\x00', 201, '{}', now());
            UPDATE refresh_token SET expires_at = now() - interval '8 days' WHERE user_id = @Partner;
            UPDATE notification SET created_at = now() - interval '366 days' WHERE association_id = @Partner2;
            UPDATE match SET ends_at = now() - interval '731 days', starts_at = now() - interval '732 days' WHERE id = @Match;
            UPDATE listing SET status = 'closed', close_reason = 'fulfilled', updated_at = now() - interval '31 days', street_address = 'Berger Str. 1'
             WHERE id = @Request;
            """,
            new { Old = "old-" + Guid.NewGuid(), New = "new-" + Guid.NewGuid(), Partner = active.Partner.Owner.Id, Partner2 = active.Partner.AssociationId,
                  Match = active.MatchId, Request = active.RequestId });

        var run = await RunUntilDoneAsync();

        Assert.True(run.RateLimitBuckets >= 1 && run.SignInBackoff >= 1 && run.IdempotencyRecords >= 1 && run.RefreshTokens >= 1);
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM rate_limit_bucket WHERE key LIKE 'new-%' OR key LIKE 'old-%'"));
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM sign_in_backoff WHERE key LIKE 'new-%' OR key LIKE 'old-%'"));
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM idempotency_key WHERE principal LIKE 'new-%' OR principal LIKE 'old-%'"));
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM refresh_token WHERE user_id = @Id", new { active.Partner.Owner.Id }));
        Assert.NotEqual(0, await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM refresh_token WHERE user_id = @Id", new { active.Person.Id }));
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM notification WHERE association_id = @Id", new { Id = active.Partner.AssociationId }));
        Assert.NotEqual(0, await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM notification WHERE association_id = @Id", new { Id = active.AssociationId }));
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM match_message WHERE match_id = @Id", new { Id = active.MatchId }));
        Assert.Null(await conn.ExecuteScalarAsync<string?>("SELECT street_address FROM listing WHERE id = @Id", new { Id = active.RequestId }));
    }

    [Fact]
    public async Task A_row_another_instance_holds_is_skipped_not_waited_for()
    {
        var key = "held-" + Guid.NewGuid();
        await using var holder = new NpgsqlConnection(app.ConnectionString);
        await holder.OpenAsync();
        await holder.ExecuteAsync("INSERT INTO rate_limit_bucket (key, window_start, hits) VALUES (@Key, now() - interval '2 days', 1)", new { Key = key });
        await using var tx = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM rate_limit_bucket WHERE key = @Key FOR UPDATE", new { Key = key }, tx);

        var run = RunUntilDoneAsync();
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.Same(run, finished);
        Assert.Equal(1, await holder.ExecuteScalarAsync<int>("SELECT count(*)::int FROM rate_limit_bucket WHERE key = @Key", new { Key = key }, tx));
        await tx.RollbackAsync();
        await RunUntilDoneAsync();
        Assert.Equal(0, await holder.ExecuteScalarAsync<int>("SELECT count(*)::int FROM rate_limit_bucket WHERE key = @Key", new { Key = key }));
    }

    private async Task<RetentionRun> RunUntilDoneAsync()
    {
        var store = app.Services.GetRequiredService<RetentionStore>();
        var total = new RetentionRun(0, 0, 0, 0, 0, 0, 0);
        while (await store.RunOnceAsync(Periods, 1000, CancellationToken.None) is { Total: > 0 } run)
        {
            total = new RetentionRun(
                total.RefreshTokens + run.RefreshTokens, total.IdempotencyRecords + run.IdempotencyRecords, total.RateLimitBuckets + run.RateLimitBuckets,
                total.SignInBackoff + run.SignInBackoff, total.Notifications + run.Notifications, total.StreetAddresses + run.StreetAddresses,
                total.MatchMessages + run.MatchMessages);
        }

        return total;
    }
}
