namespace ResourceShare.Bench.Seed;

/// <summary>
/// How much a scale factor loads (S1 = 1, S2 = 5, quick = 0.01). Listing n belongs to association
/// 1 + (n - 1) % A, is a request iff n % 4 = 0 and is published iff n ≤ P; matches 1 … 120,000 are the two
/// proposal pools of W6, the bulk matches follow.
/// </summary>
public sealed record BenchSizes(double Scale, int Associations, int Listings, int Published, int Bookings)
{
    public const int HotOffers = 50;
    public const int PoolSize = 60_000;
    public const int PoolRandomFirst = 1;
    public const int PoolHotFirst = PoolRandomFirst + PoolSize;
    public const int FirstBulkMatch = PoolHotFirst + PoolSize;

    /// <summary>The number of the last hot offer: hot offer k is listing k + (k - 1) / 3.</summary>
    public const int LastHotOffer = HotOffers + (HotOffers - 1) / 3;

    public static BenchSizes Of(double scale)
    {
        var listings = (int)Math.Round(200_000 * scale, MidpointRounding.AwayFromZero);
        var sizes = new BenchSizes(
            scale, (int)Math.Round(2_000 * scale, MidpointRounding.AwayFromZero), listings, (int)Math.Floor(0.85 * listings),
            (int)Math.Round(1_000_000 * scale, MidpointRounding.AwayFromZero));
        if (sizes.Associations < 2 || sizes.Published < LastHotOffer)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale is too small: it needs two associations and the 50 hot offers published (at least 0.0004).");
        }

        return sizes;
    }

    public static int HotOffer(int k) => k + (k - 1) / 3;

    /// <summary>Listings 1 … 66 that are offers are exactly the 50 hot offers.</summary>
    public static bool IsHot(int n) => n <= LastHotOffer && !IsRequest(n);

    public static bool IsRequest(int n) => n % 4 == 0;

    public int OwnerOf(int listing) => 1 + (listing - 1) % Associations;

    /// <summary>The offer of random-pool match index i: spread over the published offers by a prime stride.</summary>
    public int RandomPoolOffer(int i)
    {
        var o = (int)(1 + (long)i * 7919 % Published);
        return IsRequest(o) ? o - 1 : o;
    }
}
