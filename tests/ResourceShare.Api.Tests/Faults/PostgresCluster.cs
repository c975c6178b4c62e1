using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ResourceShare.Api.Tests.Faults;

/// <summary>
/// A PostgreSQL server of its own (initdb into a temporary folder, on a free loopback port, no durability), for
/// tests that stop and start a server: the server every other test class shares must stay up. The binaries are
/// those scripts/test uses (PG_BIN, else the newest /usr/lib/postgresql/*/bin); as root the server runs as the
/// postgres user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string bin;
    private readonly string data;
    private readonly int port;

    private PostgresCluster(string bin, string data, int port)
    {
        this.bin = bin;
        this.data = data;
        this.port = port;
    }

    /// <summary>The superuser's connection to the server's postgres database (trust on loopback only).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres";

    public static async Task<PostgresCluster> CreateAsync()
    {
        var cluster = new PostgresCluster(FindBin(), Path.Combine(Path.GetTempPath(), "resourceshare-cluster-" + Guid.NewGuid().ToString("N")), FreePort());
        await cluster.RunAsync("initdb", "-D", cluster.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions");
        await cluster.StartAsync();
        return cluster;
    }

    public Task StartAsync() => RunAsync(
        "pg_ctl", "-D", data, "-l", Path.Combine(data, "server.log"), "-w",
        "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off -c synchronous_commit=off",
        "start");

    /// <summary>Stops the server as an operator does (fast: open transactions are rolled back, clients disconnected).</summary>
    public Task StopAsync() => RunAsync("pg_ctl", "-D", data, "-m", "fast", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            await RunAsync("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop");
        }

        Directory.Delete(data, recursive: true);
    }

    private async Task RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Environment.IsPrivilegedProcess)
        {
            start.FileName = "runuser";
            foreach (var argument in new[] { "-u", "postgres", "--" })
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add(Path.Combine(bin, tool));
        }
        else
        {
            start.FileName = Path.Combine(bin, tool);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var patience = new CancellationTokenSource(Patience);
        var output = process.StandardOutput.ReadToEndAsync(patience.Token);
        var errors = process.StandardError.ReadToEndAsync(patience.Token);
        await process.WaitForExitAsync(patience.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await errors}");
        }
    }

    private static string FindBin()
    {
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } given && IsBin(given))
        {
            return given;
        }

        const string installed = "/usr/lib/postgresql";
        return (Directory.Exists(installed) ? Directory.GetDirectories(installed) : [])
            .Select(version => Path.Combine(version, "bin"))
            .Where(IsBin)
            .OrderByDescending(dir => int.TryParse(Path.GetFileName(Path.GetDirectoryName(dir)), out var major) ? major : 0)
            .FirstOrDefault() ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) are missing: install them (sudo apt-get install -y postgresql) or set PG_BIN.");

        static bool IsBin(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
