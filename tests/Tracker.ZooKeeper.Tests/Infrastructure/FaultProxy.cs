using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Tracker.ZooKeeper.Tests.Infrastructure;

/// <summary>
/// A TCP relay between a client and a real server that a test can break: drop every connection, refuse
/// new ones, or freeze (hold bytes without forwarding). It only moves bytes; the server is real.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint target;
    private readonly ConcurrentDictionary<Socket, byte> sockets = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task acceptLoop;
    private volatile bool refusing;
    private volatile TaskCompletionSource thawed = CreateThawed();

    public FaultProxy(string server)
    {
        var colon = server.LastIndexOf(':');
        target = new IPEndPoint(IPAddress.Parse(server[..colon]), int.Parse(server[(colon + 1)..]));
        listener.Start();
        acceptLoop = AcceptAsync();
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>Closes every relayed connection (both sides), as a network failure would.</summary>
    public void DropConnections()
    {
        foreach (var socket in sockets.Keys)
        {
            socket.Dispose();
        }

        sockets.Clear();
    }

    /// <summary>New connections are closed at once until <see cref="Accept"/>.</summary>
    public void Refuse() => refusing = true;

    public void Accept() => refusing = false;

    /// <summary>
    /// Cuts the client off: refuses new connections, drops the open ones, and waits until the client has
    /// noticed; it stays away until <see cref="Accept"/>.
    /// </summary>
    public async Task CutOffAsync(Recorder<ZooKeeperState> states)
    {
        Refuse();
        DropConnections();
        await states.NextAsync(s => s == ZooKeeperState.Disconnected, "Disconnected");
    }

    /// <summary>Holds every byte in both directions until <see cref="Thaw"/>.</summary>
    public void Freeze() => thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Thaw() => thawed.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        DropConnections();
        Thaw();
        await acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static TaskCompletionSource CreateThawed()
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tcs.SetResult();
        return tcs;
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptSocketAsync(stop.Token);
            if (refusing)
            {
                client.Dispose();
                continue;
            }

            var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(target, stop.Token);
            }
            catch (SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            sockets[client] = 0;
            sockets[server] = 0;
            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, stop.Token);
                if (read == 0)
                {
                    break;
                }

                await thawed.Task;
                await to.SendAsync(buffer.AsMemory(0, read), stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side went away: take the other down with it.
        }

        from.Dispose();
        to.Dispose();
        sockets.TryRemove(from, out _);
        sockets.TryRemove(to, out _);
    }
}
