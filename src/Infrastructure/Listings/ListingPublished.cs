using Npgsql;

namespace ResourceShare.Infrastructure.Listings;

/// <summary>
/// What follows a listing's first publication, inside the transaction that publishes it (the listing already
/// reads as published there): the stores that publish call it, whoever implements it (matching) registers it.
/// </summary>
public interface IListingPublished
{
    Task OnFirstPublishedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid listingId, CancellationToken ct);
}
