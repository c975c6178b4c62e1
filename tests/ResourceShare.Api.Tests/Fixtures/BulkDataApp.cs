using ResourceShare.Bench.Seed;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>The app on a database the benchmark's bulk generator loaded at a tiny scale.</summary>
public sealed class BulkDataApp : ResourceShareApp
{
    /// <summary>4 associations, 400 listings, about 2,000 bookings, and the two pools of 60,000 proposals each.</summary>
    public const double Scale = 0.002;

    public static BenchSizes Sizes { get; } = BenchSizes.Of(Scale);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadAsync(ConnectionString, BulkLoader.DefaultSeed);
    }

    public static Task LoadAsync(string connectionString, int seed) =>
        new BulkLoader(connectionString, TextWriter.Null).LoadAsync(Scale, seed, CancellationToken.None);

    public Task ResetPoolsAsync() => new BulkLoader(ConnectionString, TextWriter.Null).ResetPoolsAsync(CancellationToken.None);
}
