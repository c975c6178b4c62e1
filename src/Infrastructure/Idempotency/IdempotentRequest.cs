using Dapper;
using Npgsql;

namespace ResourceShare.Infrastructure.Idempotency;

/// <summary>Another request with the same Idempotency-Key is running, or has just been answered.</summary>
public sealed class IdempotencyKeyBusyException() : Exception("Another request with this Idempotency-Key holds it.");

/// <summary>
/// The one transaction of a request with an Idempotency-Key. The writes of the request (every
/// <see cref="Database.WriteTransaction"/> begun inside <see cref="RunAsync{T}"/>) join it instead of committing on
/// their own, and <see cref="CompleteAsync"/> stores the answer in it and commits. So the write and the answer
/// kept for retries are there together or not at all, wherever the request is interrupted: a lost connection,
/// a killed process, a timeout. A retry then finds either the answer, to replay, or nothing, and runs anew.
/// Disposing the request without completing it rolls its writes back.
/// </summary>
public sealed class IdempotentRequest : IAsyncDisposable
{
    private static readonly AsyncLocal<IdempotentRequest?> Ambient = new();

    private readonly NpgsqlDataSource dataSource;
    private readonly string principal;
    private readonly string key;
    private readonly byte[] fingerprint;
    private NpgsqlConnection? connection;
    private NpgsqlTransaction? transaction;

    internal IdempotentRequest(NpgsqlDataSource dataSource, string principal, string key, byte[] fingerprint)
    {
        this.dataSource = dataSource;
        this.principal = principal;
        this.key = key;
        this.fingerprint = fingerprint;
    }

    /// <summary>The request whose work runs on this async flow, if any.</summary>
    internal static IdempotentRequest? Current => Ambient.Value;

    /// <summary>Runs the request's work, whose writes join this transaction.</summary>
    public async ValueTask<T> RunAsync<T>(Func<ValueTask<T>> work)
    {
        // Set inside this async method, the value flows into the work and is gone again when it returns.
        Ambient.Value = this;
        return await work();
    }

    /// <summary>
    /// The request's connection and transaction, opened by the first write. It first takes the key's lock, held
    /// until commit or rollback, so that two requests with one key never run their writes side by side.
    /// </summary>
    internal async Task<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)> JoinAsync(CancellationToken ct)
    {
        if (transaction is null)
        {
            const string lockKey = "SELECT pg_try_advisory_xact_lock(hashtextextended('idempotency:' || @Principal || ' ' || @Key, 0))";
            connection ??= await dataSource.OpenConnectionAsync(ct);
            var begun = await connection.BeginTransactionAsync(ct);
            if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    lockKey, new { Principal = principal, Key = key }, begun, cancellationToken: ct)))
            {
                await begun.DisposeAsync();
                throw new IdempotencyKeyBusyException();
            }

            transaction = begun;
        }

        return (connection!, transaction);
    }

    /// <summary>Keeps the successful answer with the request's writes, in one commit.</summary>
    public async Task CompleteAsync(StoredResponse response, CancellationToken ct)
    {
        // A remembered key past its retention is taken over; one still remembered means a request with this key
        // was answered after this one looked it up, and this one's writes must not stay.
        const string sql = """
            INSERT INTO idempotency_key AS k (principal, key, fingerprint, status, location, etag, body)
            VALUES (@Principal, @Key, @Fingerprint, @Status, @Location, @ETag, @Body)
            ON CONFLICT (principal, key) DO UPDATE
               SET fingerprint = excluded.fingerprint, status = excluded.status, location = excluded.location,
                   etag = excluded.etag, body = excluded.body, created_at = now()
             WHERE k.created_at < now() - @Retention
            RETURNING 1
            """;
        if (connection is null || transaction is null)
        {
            // A success that wrote nothing through a WriteTransaction: its store committed on its own, and keeping the
            // answer now would no longer be atomic with the write. A bug in the endpoint, to be found by its tests.
            throw new InvalidOperationException("An idempotent request succeeded without writing through a WriteTransaction.");
        }

        var stored = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            sql,
            new
            {
                Principal = principal, Key = key, Fingerprint = fingerprint, response.Status, response.Location, response.ETag, response.Body,
                IdempotencyStore.Retention,
            },
            transaction,
            cancellationToken: ct));
        if (stored is null)
        {
            throw new IdempotencyKeyBusyException();
        }

        await transaction.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}
