using System.Globalization;
using ResourceShare.Bench.Seed;

const string usage = """
    Loads the deterministic benchmark data (bench/README.md, "Bulk data") into a migrated, empty database, or
    resets the W6 proposal pools of a loaded one.

      ResourceShare.Bench.Seed --connection "<npgsql connection string>" --scale <factor> [--seed <n>]
      ResourceShare.Bench.Seed --connection "<npgsql connection string>" --reset-pools

    Scales: 1 (S1: 2,000 associations, 200,000 listings, ≈1,000,000 bookings), 5 (S2), 0.01 (quick).
    """;

string? connection = null;
double? scale = null;
var seed = BulkLoader.DefaultSeed;
var resetPools = false;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--connection" when value is not null:
            connection = value;
            i++;
            break;
        case "--scale" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0:
            scale = s;
            i++;
            break;
        case "--seed" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n):
            seed = n;
            i++;
            break;
        case "--reset-pools":
            resetPools = true;
            break;
        default:
            Console.Error.WriteLine($"Unknown or incomplete argument: {args[i]}\n\n{usage}");
            return 2;
    }
}

if (connection is null || resetPools == scale.HasValue)
{
    Console.Error.WriteLine(usage);
    return 2;
}

var loader = new BulkLoader(connection, Console.Error);
try
{
    if (resetPools)
    {
        await loader.ResetPoolsAsync(CancellationToken.None);
    }
    else
    {
        await loader.LoadAsync(scale!.Value, seed, CancellationToken.None);
    }
}
catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

return 0;
