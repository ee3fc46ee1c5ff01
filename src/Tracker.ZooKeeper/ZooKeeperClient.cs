using System.Net;
using System.Threading.Channels;
using Tracker.ZooKeeper.Diagnostics;
using Tracker.ZooKeeper.Protocol;
using Tracker.ZooKeeper.Session;

namespace Tracker.ZooKeeper;

/// <summary>
/// A ZooKeeper session over the binary protocol. One instance keeps one session alive across
/// connection losses (reconnecting to the same or another server and re-registering watches), opens a
/// new session when the server expires the old one, and pipelines any number of concurrent requests on
/// its single connection. Thread-safe. This part holds the client's state, connecting and closing; the
/// session loop, the znode operations with their request pipeline, and the path recipes are the other parts.
/// </summary>
public sealed partial class ZooKeeperClient : IAsyncDisposable, ISessionHost
{
    private readonly ZooKeeperClientOptions _options;
    private readonly Channel<PendingRequest> _outgoing = Channel.CreateUnbounded<PendingRequest>();
    private readonly EventDispatcher _dispatcher;
    private readonly ClientDiagnostics _diagnostics;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource _firstSession = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private Task _sessionLoop = Task.CompletedTask;
    private long _sessionId;
    private byte[] _sessionPassword = new byte[16];
    private long _lastZxid;
    private int _nextXid;
    private ZooKeeperState _state = ZooKeeperState.Connecting;
    private TimeSpan _negotiatedTimeout;
    private DnsEndPoint? _connectedServer;
    private volatile bool _closing;
    private int _disposed;

    private ZooKeeperClient(ZooKeeperClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SessionTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The session timeout must be positive.");
        }

        this._options = options;
        Connection = ConnectionString.Parse(options.ConnectionString);
        EnsembleTag = ZooKeeperInstruments.EnsembleTag(Connection);
        _diagnostics = new ClientDiagnostics(options);
        _dispatcher = new EventDispatcher(_diagnostics);
        if (options.ResumeSession is { } resume)
        {
            _sessionId = resume.Id;
            _sessionPassword = resume.Password;
        }
    }

    /// <summary>
    /// Raised, in order and one at a time, whenever the connection state changes, with the server and the
    /// cause. Handlers run on the client's event thread together with watch callbacks; they must not block for long.
    /// </summary>
    public event EventHandler<ZooKeeperStateChange>? StateChanged;

    public ZooKeeperState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The current session's id (0 while none is established).</summary>
    public long SessionId
    {
        get
        {
            lock (_gate)
            {
                return _sessionId;
            }
        }
    }

    /// <summary>The session timeout the server granted.</summary>
    public TimeSpan SessionTimeout
    {
        get
        {
            lock (_gate)
            {
                return _negotiatedTimeout;
            }
        }
    }

    public ConnectionString Connection { get; }

    /// <summary>The server of the current connection, or null while disconnected.</summary>
    public DnsEndPoint? ConnectedServer
    {
        get
        {
            lock (_gate)
            {
                return _connectedServer;
            }
        }
    }

    internal byte[] SessionPassword
    {
        get
        {
            lock (_gate)
            {
                return _sessionPassword;
            }
        }
    }

    TimeProvider ISessionHost.Time => _options.TimeProvider;

    TimeSpan ISessionHost.RequestedSessionTimeout => _options.SessionTimeout;

    WatchRegistry ISessionHost.Watches => Watches;

    internal WatchRegistry Watches { get; } = new();

    internal ClientDiagnostics Diagnostics => _diagnostics;

    /// <summary>The <c>zookeeper.ensemble</c> tag of this client's measurements.</summary>
    internal KeyValuePair<string, object?> EnsembleTag { get; }

    /// <summary>
    /// Connects to one of the servers and establishes a session. Fails with <see cref="ConnectionLossException"/>
    /// when no server gives a session within <see cref="ZooKeeperClientOptions.ConnectTimeout"/>.
    /// </summary>
    public static async Task<ZooKeeperClient> ConnectAsync(ZooKeeperClientOptions options, CancellationToken cancellationToken = default)
    {
        var client = new ZooKeeperClient(options);
        client._diagnostics.Instruments?.Opened(client);
        client._sessionLoop = Task.Run(client.RunSessionAsync, CancellationToken.None);
        try
        {
            await client._firstSession.Task.WaitAsync(options.ConnectTimeout, options.TimeProvider, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch (TimeoutException)
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw new ConnectionLossException(null, $"No ZooKeeper server of '{options.ConnectionString}' gave a session within {options.ConnectTimeout}.");
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Closes the session (the server removes its ephemeral znodes at once), stops reconnecting, and tells
    /// pending watchers <see cref="WatchEventType.WatchLost"/>. Requests still waiting fail with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _closing = true;
        if (State is ZooKeeperState.Connected or ZooKeeperState.Reconnected)
        {
            try
            {
                var close = new PendingRequest(OpCode.CloseSession, [], null);
                _outgoing.Writer.TryWrite(close);
                await close.Task.WaitAsync(TimeSpan.FromSeconds(2), _options.TimeProvider).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ZooKeeperException or TimeoutException or ObjectDisposedException)
            {
                // The server will expire the session on its own.
            }
        }

        _outgoing.Writer.TryComplete();
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _sessionLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (_outgoing.Reader.TryRead(out var request))
        {
            request.TrySetException(new ObjectDisposedException(nameof(ZooKeeperClient)));
        }

        LoseWatches();
        SetState(ZooKeeperState.Closed, null, "The client was disposed.");
        _diagnostics.Instruments?.Closed(this);
        await _dispatcher.CompleteAsync().ConfigureAwait(false);
        _lifetime.Dispose();
    }

    /// <summary>Forgets a watcher locally (recipes use it when disposed, so they are not kept alive by the registry).</summary>
    internal void RemoveWatcher(string path, Action<WatchedEvent> watcher) => Watches.Remove(path, watcher);
}
