using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Tracker.ZooKeeper.Protocol;

namespace Tracker.ZooKeeper.Session;

/// <summary>
/// One TCP connection to one server, from the handshake until it breaks. Requests are pipelined: the
/// writer sends whatever is queued in one write and remembers each in <see cref="inFlight"/>; the server
/// answers a session's requests in order, so every reply must match the oldest request in flight.
/// </summary>
internal sealed class ServerConnection : IAsyncDisposable
{
    /// <summary>Far above jute.maxbuffer (1 MB by default): a larger length means the stream is garbage.</summary>
    private const int MaxFrameLength = 64 * 1024 * 1024;

    private const int HeaderLength = 16;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly BufferedStream _input;
    private readonly ConcurrentQueue<PendingRequest> _inFlight = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ISessionHost _host;
    private readonly byte[] _lengthBytes = new byte[4]; // only the single reader (handshake, then read loop) uses it
    private long _lastReceived;

    private ServerConnection(Socket socket, ISessionHost host, DnsEndPoint server)
    {
        this._socket = socket;
        this._host = host;
        Server = server;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = new BufferedStream(_stream, 64 * 1024);
        _lastReceived = host.Time.GetTimestamp();
    }

    public ConnectResponse Response { get; private set; } = null!;

    public DnsEndPoint Server { get; }

    /// <summary>Connects and performs the handshake within <paramref name="timeout"/>.</summary>
    public static async Task<ServerConnection> OpenAsync(
        ISessionHost host, DnsEndPoint server, long sessionId, byte[] password, long lastZxid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server, deadline.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new ServerConnection(socket, host, server);
        try
        {
            var writer = new JuteWriter();
            ConnectHandshake.WriteRequest(writer, lastZxid, host.RequestedSessionTimeout, sessionId, password);
            await connection._stream.WriteAsync(writer.Written, deadline.Token).ConfigureAwait(false);
            var frame = await connection.ReadFrameAsync(deadline.Token).ConfigureAwait(false);
            connection.Response = ConnectHandshake.ReadResponse(frame);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="prologue"/> (auth, SetWatches) ahead of any request, then pipes requests from
    /// <paramref name="outgoing"/> and replies back until the connection breaks or is stopped.
    /// </summary>
    public async Task RunAsync(ReadOnlyMemory<byte> prologue, ChannelReader<PendingRequest> outgoing, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var token = linked.Token;
        if (!prologue.IsEmpty)
        {
            await _stream.WriteAsync(prologue, token).ConfigureAwait(false);
        }

        var tasks = new[] { ReadLoopAsync(token), WriteLoopAsync(outgoing, token), PingLoopAsync(token) };
        var first = await Task.WhenAny(tasks).ConfigureAwait(false);
        await linked.CancelAsync().ConfigureAwait(false);
        _socket.Close();
        foreach (var task in tasks)
        {
            // The first to end tells why; the others only end because the socket closed.
            await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await first.ConfigureAwait(false);
    }

    /// <summary>Fails every request sent on this connection whose reply never came.</summary>
    public void FailInFlight(Func<PendingRequest, Exception> error)
    {
        while (_inFlight.TryDequeue(out var request))
        {
            request.TrySetException(error(request));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _input.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        _stop.Dispose();
        _writeLock.Dispose();
    }

    private async Task WriteLoopAsync(ChannelReader<PendingRequest> outgoing, CancellationToken token)
    {
        var writer = new JuteWriter(64 * 1024);
        while (await outgoing.WaitToReadAsync(token).ConfigureAwait(false))
        {
            writer.Reset();
            // Everything queued goes out in one write: a thousand concurrent requests cost a few syscalls.
            while (writer.Length < 256 * 1024 && outgoing.TryRead(out var request))
            {
                if (request.Task.IsCompleted)
                {
                    continue; // cancelled while queued
                }

                request.Xid = _host.NextXid();
                _inFlight.Enqueue(request);
                writer.BeginFrame();
                writer.WriteInt(request.Xid);
                writer.WriteInt((int)request.Op);
                writer.WriteBytes(request.Body);
                writer.EndFrame();
            }

            if (writer.Length == 0)
            {
                continue;
            }

            await _writeLock.WaitAsync(token).ConfigureAwait(false);
            try
            {
                await _stream.WriteAsync(writer.Written, token).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
    }

    /// <summary>
    /// Pings every third of the negotiated timeout, so the server keeps the session while the client is
    /// idle, and gives up on the connection when nothing arrived for two thirds of it.
    /// </summary>
    private async Task PingLoopAsync(CancellationToken token)
    {
        var timeout = Response.NegotiatedTimeout;
        var interval = timeout / 3;
        var readTimeout = timeout * 2 / 3;
        var ping = new JuteWriter(16);
        ping.BeginFrame();
        ping.WriteInt(SpecialXid.Ping);
        ping.WriteInt((int)OpCode.Ping);
        ping.EndFrame();
        while (true)
        {
            await Task.Delay(interval, _host.Time, token).ConfigureAwait(false);
            var silent = _host.Time.GetElapsedTime(Interlocked.Read(ref _lastReceived));
            if (silent > readTimeout)
            {
                throw new TimeoutException($"{Server.Host}:{Server.Port} sent nothing for {silent.TotalMilliseconds:F0} ms.");
            }

            await _writeLock.WaitAsync(token).ConfigureAwait(false);
            try
            {
                await _stream.WriteAsync(ping.Written, token).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
    }

    private async Task ReadLoopAsync(CancellationToken token)
    {
        while (true)
        {
            var frame = await ReadFrameAsync(token).ConfigureAwait(false);
            if (frame.Length < HeaderLength)
            {
                throw new ZooKeeperProtocolException($"A reply of {frame.Length} bytes is shorter than its header.");
            }

            var xid = BinaryPrimitives.ReadInt32BigEndian(frame);
            var zxid = BinaryPrimitives.ReadInt64BigEndian(frame.AsSpan(4));
            var error = (ZooKeeperErrorCode)BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(12));
            var body = frame.AsMemory(HeaderLength);
            if (zxid > 0)
            {
                _host.ObserveZxid(zxid);
            }

            switch (xid)
            {
                case SpecialXid.Notification:
                    _host.OnNotification(body);
                    break;
                case SpecialXid.Ping:
                    break;
                case SpecialXid.Auth:
                    if (error != ZooKeeperErrorCode.Ok)
                    {
                        _host.OnAuthFailed(error);
                    }

                    break;
                case SpecialXid.SetWatches:
                    break;
                default:
                    if (!_inFlight.TryDequeue(out var request) || request.Xid != xid)
                    {
                        throw new ZooKeeperProtocolException($"Reply xid {xid} does not match the oldest request in flight ({request?.Xid}).");
                    }

                    // Registered here, on the reader, so the watch exists before the next notification is read.
                    if (request.Watch is { } watch && !request.Task.IsCompleted)
                    {
                        if (error == ZooKeeperErrorCode.Ok)
                        {
                            _host.Watches.Add(watch);
                        }
                        else if (error == ZooKeeperErrorCode.NoNode && request.Op == OpCode.Exists)
                        {
                            // An exists that finds nothing leaves a watch for the znode's creation.
                            _host.Watches.Add(watch with { Kind = WatchKind.Exist });
                        }
                    }

                    request.TrySetResult(new Reply(error, zxid, body));
                    break;
            }
        }
    }

    private async Task<byte[]> ReadFrameAsync(CancellationToken token)
    {
        await _input.ReadExactlyAsync(_lengthBytes, token).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadInt32BigEndian(_lengthBytes);
        if (length is < 0 or > MaxFrameLength)
        {
            throw new ZooKeeperProtocolException($"A frame length of {length} bytes is not plausible.");
        }

        var frame = new byte[length];
        await _input.ReadExactlyAsync(frame, token).ConfigureAwait(false);
        Interlocked.Exchange(ref _lastReceived, _host.Time.GetTimestamp());
        return frame;
    }
}

/// <summary>What a connection needs from the client that owns the session.</summary>
internal interface ISessionHost
{
    TimeProvider Time { get; }

    TimeSpan RequestedSessionTimeout { get; }

    WatchRegistry Watches { get; }

    int NextXid();

    void ObserveZxid(long zxid);

    void OnNotification(ReadOnlyMemory<byte> watcherEvent);

    void OnAuthFailed(ZooKeeperErrorCode error);
}
