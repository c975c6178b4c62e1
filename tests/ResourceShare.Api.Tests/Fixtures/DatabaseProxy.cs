using System.Net;
using System.Net.Sockets;

namespace ResourceShare.Api.Tests.Fixtures;

/// <summary>
/// A TCP proxy on a loopback port in front of the PostgreSQL server, so a test can take the database away
/// without touching the server the other tests use: <see cref="Cut"/> resets every connection and refuses
/// new ones (a database that went down), <see cref="Stall"/> resets them and accepts new ones that are never
/// answered (a host that vanished from the network), <see cref="Restore"/> forwards again.
/// </summary>
public sealed class DatabaseProxy : IAsyncDisposable
{
    private readonly DnsEndPoint server;
    private readonly List<TcpClient> connections = [];
    private TcpListener? listener;
    private bool stalling;

    private DatabaseProxy(DnsEndPoint server) => this.server = server;

    public int Port { get; private set; }

    public static DatabaseProxy Start(string host, int port)
    {
        var proxy = new DatabaseProxy(new DnsEndPoint(host, port));
        proxy.Listen(0);
        return proxy;
    }

    public void Cut()
    {
        lock (connections)
        {
            listener?.Stop();
            listener = null;
            ResetConnections();
        }
    }

    public void Stall()
    {
        lock (connections)
        {
            stalling = true;
            ResetConnections();
            if (listener is null)
            {
                Listen(Port);
            }
        }
    }

    public void Restore()
    {
        lock (connections)
        {
            if (stalling)
            {
                stalling = false;
                ResetConnections();
            }

            if (listener is null)
            {
                Listen(Port);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private void Listen(int port)
    {
        var socket = new TcpListener(IPAddress.Loopback, port);
        socket.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Start();
        Port = ((IPEndPoint)socket.LocalEndpoint).Port;
        listener = socket;
        _ = AcceptAsync(socket);
    }

    private void ResetConnections()
    {
        foreach (var connection in connections)
        {
            // Linger 0 closes with a reset, not a polite FIN: the peer learns of it on its next read or write.
            connection.LingerState = new LingerOption(true, 0);
            connection.Dispose();
        }

        connections.Clear();
    }

    private async Task AcceptAsync(TcpListener socket)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await socket.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        lock (connections)
        {
            connections.Add(client);
            if (listener is null || stalling)
            {
                // Accepted just before a cut, or to be left unanswered until the next reset.
                upstream.Dispose();
                if (listener is null)
                {
                    ResetConnections();
                }

                return;
            }

            connections.Add(upstream);
        }

        try
        {
            await upstream.ConnectAsync(server.Host, server.Port);
            var down = client.GetStream();
            var up = upstream.GetStream();
            await Task.WhenAny(down.CopyToAsync(up), up.CopyToAsync(down));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection was cut or closed by one side; closing both ends below is all there is to do.
        }
        finally
        {
            lock (connections)
            {
                connections.Remove(client);
                connections.Remove(upstream);
            }

            client.Dispose();
            upstream.Dispose();
        }
    }
}
