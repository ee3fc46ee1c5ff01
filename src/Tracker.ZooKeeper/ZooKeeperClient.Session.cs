using System.Net;
using Tracker.ZooKeeper.Diagnostics;
using Tracker.ZooKeeper.Protocol;
using Tracker.ZooKeeper.Session;

namespace Tracker.ZooKeeper;

// The session's life: connect, serve until the connection breaks, reconnect (or start over on expiry).
public sealed partial class ZooKeeperClient
{
    /// <summary>SetWatches packets stay well under jute.maxbuffer (1 MB), as the Java client's do.</summary>
    private const int SetWatchesBatchBytes = 128 * 1024;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    int ISessionHost.NextXid() => Interlocked.Increment(ref _nextXid) & int.MaxValue;

    void ISessionHost.ObserveZxid(long zxid)
    {
        var seen = Interlocked.Read(ref _lastZxid);
        while (zxid > seen)
        {
            var previous = Interlocked.CompareExchange(ref _lastZxid, zxid, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    void ISessionHost.OnNotification(ReadOnlyMemory<byte> watcherEvent)
    {
        var reader = new JuteReader(watcherEvent.Span);
        var type = (WatchEventType)reader.ReadInt();
        reader.ReadInt(); // keeper state: always SyncConnected for a node event
        var path = Connection.ToClientPath(reader.ReadString());
        var fired = Watches.Take(type, path);
        _diagnostics.Instruments?.WatchEvents.Add(1, EnsembleTag, new KeyValuePair<string, object?>("zookeeper.watch.event_type", ZooKeeperInstruments.EventName(type)));
        if (fired.Count == 0)
        {
            return;
        }

        var e = new WatchedEvent(type, path);
        foreach (var watcher in fired)
        {
            _dispatcher.Post(() => watcher(e));
        }
    }

    void ISessionHost.OnAuthFailed(ZooKeeperErrorCode error)
        => _diagnostics.AuthFailed(_options.Digest?.User, error);

    private async Task RunSessionAsync()
    {
        var servers = Connection.Servers.OrderBy(_ => Random.Shared.Next()).ToArray();
        // Like the Java client: a server gets its share of the session timeout to answer, so a full round fits in it.
        var attemptTimeout = TimeSpan.FromTicks(Math.Max(_options.SessionTimeout.Ticks / servers.Length, TimeSpan.FromMilliseconds(500).Ticks));
        var next = 0;
        var failures = 0;
        var token = _lifetime.Token;
        while (!_closing && !token.IsCancellationRequested)
        {
            var server = servers[next];
            next = (next + 1) % servers.Length;
            ServerConnection connection;
            long id;
            byte[] password;
            lock (_gate)
            {
                id = _sessionId;
                password = _sessionPassword;
            }

            try
            {
                connection = await ServerConnection.OpenAsync(this, server, id, password, Interlocked.Read(ref _lastZxid), attemptTimeout, token).ConfigureAwait(false);
            }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                _diagnostics.ConnectFailed(server, e);
                failures++;
                if (failures % servers.Length == 0)
                {
                    // Every server failed in this round: back off a little (with jitter) before the next one.
                    var round = Math.Min(failures / servers.Length, 5);
                    var delay = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 50 << round) * (0.5 + (Random.Shared.NextDouble() / 2)));
                    await Task.Delay(delay, _options.TimeProvider, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }

                continue;
            }
            catch (Exception)
            {
                return;
            }

            failures = 0;
            if (connection.Response.SessionExpired)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                _diagnostics.SessionExpired(id, server);
                OnSessionExpired(id, server);
                continue;
            }

            bool resumed;
            lock (_gate)
            {
                resumed = _state is not ZooKeeperState.Connecting && _sessionId == connection.Response.SessionId;
                _sessionId = connection.Response.SessionId;
                _sessionPassword = connection.Response.Password;
                _negotiatedTimeout = connection.Response.NegotiatedTimeout;
                _connectedServer = server;
            }

            _diagnostics.SessionEstablished(resumed, connection.Response.SessionId, server, connection.Response.NegotiatedTimeout);
            if (resumed)
            {
                _diagnostics.Instruments?.Reconnects.Add(1, EnsembleTag);
            }

            SetState(
                resumed ? ZooKeeperState.Reconnected : ZooKeeperState.Connected,
                server,
                $"{(resumed ? "Resumed" : "Established")} session 0x{connection.Response.SessionId:x}, timeout {connection.Response.NegotiatedTimeout.TotalMilliseconds} ms.");
            // After the state event, so a handler subscribed once ConnectAsync returns never sees the first Connected.
            _dispatcher.Post(() => _firstSession.TrySetResult());
            var connectedAt = _options.TimeProvider.GetTimestamp();
            var cause = "The connection closed.";
            try
            {
                await connection.RunAsync(BuildPrologue(resumed), _outgoing.Reader, token).ConfigureAwait(false);
            }
            catch (Exception e) when (!_closing)
            {
                _diagnostics.ConnectionLost(server, e);
                cause = $"Lost the connection: {e.GetType().Name}: {e.Message}";
            }
            catch (Exception)
            {
                // Closing: the connection ends because we asked it to.
            }

            lock (_gate)
            {
                _connectedServer = null;
            }

            connection.FailInFlight(request => request.Op == OpCode.CloseSession && _closing
                ? new ConnectionLossException(null, "The connection closed with the session.")
                : new ConnectionLossException(null, $"The connection to {server.Host}:{server.Port} was lost before the reply."));
            await connection.DisposeAsync().ConfigureAwait(false);
            if (_closing || token.IsCancellationRequested)
            {
                return;
            }

            SetState(ZooKeeperState.Disconnected, server, cause);
            if (_options.TimeProvider.GetElapsedTime(connectedAt) < MaxBackoff)
            {
                // A server that accepts sessions and drops them at once must not make this a busy loop.
                var pause = TimeSpan.FromMilliseconds(50 + Random.Shared.Next(100));
                await Task.Delay(pause, _options.TimeProvider, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            // Then the next server: the one that just failed is the likeliest to be down.
        }
    }

    /// <summary>Credentials first (requests after them run with the identity), then the watches to restore.</summary>
    private ReadOnlyMemory<byte> BuildPrologue(bool resumed)
    {
        var writer = new JuteWriter();
        if (_options.Digest is { } digest)
        {
            writer.BeginFrame();
            writer.WriteInt(SpecialXid.Auth);
            writer.WriteInt((int)OpCode.Auth);
            writer.WriteInt(0);
            writer.WriteString("digest");
            writer.WriteBuffer(System.Text.Encoding.UTF8.GetBytes(digest.User + ":" + digest.Password));
            writer.EndFrame();
        }

        if (resumed)
        {
            var (data, exist, child) = Watches.Paths();
            WriteSetWatches(writer, data, exist, child);
        }

        return writer.Written;
    }

    /// <summary>
    /// SetWatches {relativeZxid, dataWatches, existWatches, childWatches}: the server re-arms the watches and
    /// fires at once those whose znode changed after the last zxid this client saw, so nothing is missed.
    /// </summary>
    private void WriteSetWatches(JuteWriter writer, List<string> data, List<string> exist, List<string> child)
    {
        if (data.Count + exist.Count + child.Count == 0)
        {
            return;
        }

        var relativeZxid = Interlocked.Read(ref _lastZxid);
        var queues = new[] { new Queue<string>(data), new Queue<string>(exist), new Queue<string>(child) };
        while (queues.Any(q => q.Count > 0))
        {
            var batch = new[] { new List<string>(), new List<string>(), new List<string>() };
            var bytes = 0;
            for (var kind = 0; kind < 3; kind++)
            {
                while (bytes < SetWatchesBatchBytes && queues[kind].TryDequeue(out var path))
                {
                    var serverPath = Connection.ToServerPath(path);
                    batch[kind].Add(serverPath);
                    bytes += serverPath.Length + 4;
                }
            }

            writer.BeginFrame();
            writer.WriteInt(SpecialXid.SetWatches);
            writer.WriteInt((int)OpCode.SetWatches);
            writer.WriteLong(relativeZxid);
            writer.WriteStringVector(batch[0]);
            writer.WriteStringVector(batch[1]);
            writer.WriteStringVector(batch[2]);
            writer.EndFrame();
        }
    }

    private void OnSessionExpired(long expiredId, DnsEndPoint server)
    {
        lock (_gate)
        {
            _sessionId = 0;
            _sessionPassword = new byte[16];
        }

        // Requests queued for the old session are not silently moved to a new one (an ephemeral znode
        // created there would outlive what its caller knew): they fail, as in-flight ones did.
        while (_outgoing.Reader.TryRead(out var request))
        {
            request.TrySetException(new SessionExpiredException(null));
        }

        _diagnostics.Instruments?.Expirations.Add(1, EnsembleTag);
        SetState(ZooKeeperState.Expired, server, $"Session 0x{expiredId:x} expired: the server no longer knows it; opening a new one.");
        LoseWatches();
    }

    private void LoseWatches()
    {
        foreach (var (path, watcher) in Watches.TakeAll())
        {
            _diagnostics.Instruments?.WatchEvents.Add(1, EnsembleTag, new KeyValuePair<string, object?>("zookeeper.watch.event_type", "watch_lost"));
            var e = new WatchedEvent(WatchEventType.WatchLost, path);
            _dispatcher.Post(() => watcher(e));
        }
    }

    private void SetState(ZooKeeperState next, DnsEndPoint? server, string cause)
    {
        lock (_gate)
        {
            _state = next;
        }

        var change = new ZooKeeperStateChange(next, server, cause);
        _dispatcher.Post(() => StateChanged?.Invoke(this, change));
    }
}
