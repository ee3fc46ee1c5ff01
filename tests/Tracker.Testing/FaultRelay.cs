using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tracker.Testing;

/// <summary>
/// A TCP relay between a client and a real server that a test can break: drop every connection, refuse
/// new ones, or freeze (hold bytes without forwarding). A network fault between the two, nothing more:
/// it only moves bytes, the server is real.
/// </summary>
public sealed class FaultRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly DnsEndPoint _target;
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private volatile bool _refusing;
    private volatile TaskCompletionSource _thawed = CreateThawed();

    /// <param name="target">The server, as <c>host:port</c>.</param>
    public FaultRelay(string target)
    {
        var colon = target.LastIndexOf(':');
        _target = new DnsEndPoint(target[..colon], int.Parse(target[(colon + 1)..], CultureInfo.InvariantCulture));
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    /// <summary>Where clients connect, as <c>host:port</c>.</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Closes every relayed connection (both sides), as a network failure would.</summary>
    public void DropConnections()
    {
        foreach (var socket in _sockets.Keys)
        {
            socket.Dispose();
        }

        _sockets.Clear();
    }

    /// <summary>New connections are closed at once until <see cref="Accept"/>.</summary>
    public void Refuse() => _refusing = true;

    public void Accept() => _refusing = false;

    /// <summary>A partition: drops every relayed connection and refuses new ones until <see cref="Accept"/>.</summary>
    public void Cut()
    {
        Refuse();
        DropConnections();
    }

    /// <summary>Holds every byte in both directions until <see cref="Thaw"/>.</summary>
    public void Freeze() => _thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Thaw() => _thawed.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropConnections();
        Thaw();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static TaskCompletionSource CreateThawed()
    {
        var thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        thawed.SetResult();
        return thawed;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            if (_refusing)
            {
                client.Dispose();
                continue;
            }

            var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
            }
            catch (SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            _sockets[client] = 0;
            _sockets[server] = 0;
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
                var read = await from.ReceiveAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                await _thawed.Task;
                await to.SendAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side went away: take the other down with it.
        }

        from.Dispose();
        to.Dispose();
        _sockets.TryRemove(from, out _);
        _sockets.TryRemove(to, out _);
    }
}
