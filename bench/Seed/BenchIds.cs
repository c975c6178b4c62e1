using System.Security.Cryptography;
using System.Text;

namespace ResourceShare.Bench.Seed;

/// <summary>
/// The deterministic identity scheme of the benchmark data: ids that wrk/Lua and pgbench compute from integers
/// ("%08x-%04x-4000-8000-000000000000" of number and kind) and the API key "rsk_bench_&lt;a&gt;" of association a.
/// The number leads: btree_gist orders uuids by their first bytes, so ids that differed only at the end would
/// all look alike to the GiST indexes on (offer_id, during).
/// </summary>
public static class BenchIds
{
    public const int Association = 1;
    public const int Listing = 2;
    public const int Match = 3;
    public const int Booking = 4;
    public const int User = 5;
    public const int ApiKey = 6;
    public const int Notification = 7;

    public const string KeyPrefix = "rsk_bench_";

    /// <summary>The SQL twins of <see cref="Id"/> and <see cref="KeyHash"/>, plain SQL so that the planner inlines them.</summary>
    public const string Functions = """
        CREATE OR REPLACE FUNCTION bench_id(kind integer, n bigint) RETURNS uuid
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            RETURN (lpad(to_hex(n), 8, '0') || '-' || lpad(to_hex(kind), 4, '0') || '-4000-8000-000000000000')::uuid;
        CREATE OR REPLACE FUNCTION bench_key_hash(n bigint) RETURNS bytea
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            RETURN sha256(convert_to('rsk_bench_' || n, 'UTF8'));
        """;

    public static Guid Id(int kind, long n) => new(checked((int)n), checked((short)kind), 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 0);

    public static string Key(int association) => KeyPrefix + association.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static byte[] KeyHash(int association) => SHA256.HashData(Encoding.UTF8.GetBytes(Key(association)));
}
