using Npgsql;

namespace ResourceShare.Infrastructure.Database;

/// <summary>
/// Data the code ships and the schema owner keeps, such as the gazetteer. The <see cref="Migrator"/> has each
/// loaded after the migrations, as the schema owner and under the same lock, so that instances starting together
/// load it once; a loader leaves data that is already there alone.
/// </summary>
public interface IReferenceData
{
    Task EnsureLoadedAsync(NpgsqlConnection conn, CancellationToken ct);
}
