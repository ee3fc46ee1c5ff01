using System.Net;
using System.Net.Sockets;

namespace Tracker.Heron.Tests.State;

/// <summary>
/// Moves bytes between clients and one ZooKeeper server, and can cut every connection and refuse
/// new ones for a while: a network partition between the tracker and ZooKeeper, nothing more.
/// </summary>
internal sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private volatile bool _refusing;

    public TcpRelay(string target)
    {
        var colon = target.LastIndexOf(':');
        _targetHost = target[..colon];
        _targetPort = int.Parse(target[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Closes every relayed connection and refuses new ones until <see cref="Accept"/>.</summary>
    public void Cut()
    {
        _refusing = true;
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Dispose();
            }

            _open.Clear();
        }
    }

    public void Accept() => _refusing = false;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Cut();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            if (_refusing)
            {
                client.Dispose();
                continue;
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(_targetHost, _targetPort, _stopping.Token);
            }
            catch (SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            lock (_open)
            {
                _open.Add(client);
                _open.Add(server);
            }

            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // One side went away.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
