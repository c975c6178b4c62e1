using Npgsql;

namespace ResourceShare.Infrastructure.Listings;

/// <summary>
/// What follows a change of a listing, inside the transaction that makes it (the change already reads there): the
/// stores that change listings call it, matching implements it, so that listings do not depend on matching.
/// </summary>
public interface IListingChanges
{
    /// <summary>The listing was published for the first time.</summary>
    Task FirstPublishedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid listingId, CancellationToken ct);

    /// <summary>The listing's content or status changed in another way.</summary>
    Task ChangedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid listingId, CancellationToken ct);
}
