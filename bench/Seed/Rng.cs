namespace ResourceShare.Bench.Seed;

/// <summary>
/// A small explicit PRNG (SplitMix64). Every entity draws from its own stream, keyed by seed, table and number,
/// so that one listing's values do not depend on how many numbers the entities before it drew.
/// </summary>
public struct Rng
{
    private ulong state;

    public Rng(int seed, int stream, long n)
    {
        state = Mix(Mix((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)stream) + (ulong)n);
    }

    private ulong NextUInt64()
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    /// <summary>A uniform number in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, max).</summary>
    public int Next(int max) => (int)(NextDouble() * max);

    /// <summary>A uniform integer in [min, max).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> options) => options[Next(options.Count)];

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
