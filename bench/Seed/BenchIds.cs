using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ResourceShare.Bench.Seed;

/// <summary>
/// The deterministic identity scheme of the benchmark data: ids that wrk/Lua and pgbench compute from integers
/// ("%08x-0000-4000-8000-%012x" of kind and number) and the API key "rsk_bench_&lt;a&gt;" of association a.
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
            RETURN (lpad(to_hex(kind), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid;
        CREATE OR REPLACE FUNCTION bench_key_hash(n bigint) RETURNS bytea
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            RETURN sha256(convert_to('rsk_bench_' || n, 'UTF8'));
        """;

    public static Guid Id(int kind, long n)
    {
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, n);
        return new Guid(kind, 0, 0x4000, 0x80, 0x00, number[2], number[3], number[4], number[5], number[6], number[7]);
    }

    public static string Key(int association) => KeyPrefix + association.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static byte[] KeyHash(int association) => SHA256.HashData(Encoding.UTF8.GetBytes(Key(association)));
}
