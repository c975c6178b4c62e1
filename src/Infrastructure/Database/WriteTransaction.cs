using Npgsql;
using ResourceShare.Infrastructure.Idempotency;

namespace ResourceShare.Infrastructure.Database;

/// <summary>
/// The transaction a store writes in. Normally a connection and transaction of the store's own. Inside a request
/// with an Idempotency-Key it is that request's transaction (<see cref="IdempotentRequest"/>): the store's
/// <see cref="CommitAsync"/> then leaves the commit to the request, which keeps its answer in the same transaction.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly bool own;

    private WriteTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, bool own)
    {
        Connection = connection;
        Transaction = transaction;
        this.own = own;
    }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    public static async Task<WriteTransaction> BeginAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (IdempotentRequest.Current is { } request)
        {
            var (joined, transaction) = await request.JoinAsync(ct);
            return new WriteTransaction(joined, transaction, own: false);
        }

        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            return new WriteTransaction(connection, await connection.BeginTransactionAsync(ct), own: true);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public void Deconstruct(out NpgsqlConnection connection, out NpgsqlTransaction transaction) =>
        (connection, transaction) = (Connection, Transaction);

    public Task CommitAsync(CancellationToken ct) => own ? Transaction.CommitAsync(ct) : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (own)
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
