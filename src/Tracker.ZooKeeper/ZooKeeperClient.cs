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
/// its single connection. Thread-safe.
/// </summary>
public sealed partial class ZooKeeperClient : IAsyncDisposable, ISessionHost
{
    private readonly ZooKeeperClientOptions options;
    private readonly Channel<PendingRequest> outgoing = Channel.CreateUnbounded<PendingRequest>();
    private readonly EventDispatcher dispatcher;
    private readonly ClientDiagnostics diagnostics;
    private readonly CancellationTokenSource lifetime = new();
    private readonly TaskCompletionSource firstSession = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();
    private Task sessionLoop = Task.CompletedTask;
    private long sessionId;
    private byte[] sessionPassword = new byte[16];
    private long lastZxid;
    private int nextXid;
    private ZooKeeperState state = ZooKeeperState.Connecting;
    private TimeSpan negotiatedTimeout;
    private DnsEndPoint? connectedServer;
    private volatile bool closing;
    private int disposed;

    private ZooKeeperClient(ZooKeeperClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SessionTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The session timeout must be positive.");
        }

        this.options = options;
        Connection = ConnectionString.Parse(options.ConnectionString);
        EnsembleTag = ZooKeeperInstruments.EnsembleTag(Connection);
        diagnostics = new ClientDiagnostics(options);
        dispatcher = new EventDispatcher(diagnostics);
        if (options.ResumeSession is { } resume)
        {
            sessionId = resume.Id;
            sessionPassword = resume.Password;
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
            lock (gate)
            {
                return state;
            }
        }
    }

    /// <summary>The current session's id (0 while none is established).</summary>
    public long SessionId
    {
        get
        {
            lock (gate)
            {
                return sessionId;
            }
        }
    }

    /// <summary>The session timeout the server granted.</summary>
    public TimeSpan SessionTimeout
    {
        get
        {
            lock (gate)
            {
                return negotiatedTimeout;
            }
        }
    }

    public ConnectionString Connection { get; }

    /// <summary>The server of the current connection, or null while disconnected.</summary>
    public DnsEndPoint? ConnectedServer
    {
        get
        {
            lock (gate)
            {
                return connectedServer;
            }
        }
    }

    internal byte[] SessionPassword
    {
        get
        {
            lock (gate)
            {
                return sessionPassword;
            }
        }
    }

    TimeProvider ISessionHost.Time => options.TimeProvider;

    TimeSpan ISessionHost.RequestedSessionTimeout => options.SessionTimeout;

    WatchRegistry ISessionHost.Watches => Watches;

    internal WatchRegistry Watches { get; } = new();

    internal ClientDiagnostics Diagnostics => diagnostics;

    /// <summary>The <c>zookeeper.ensemble</c> tag of this client's measurements.</summary>
    internal KeyValuePair<string, object?> EnsembleTag { get; }

    /// <summary>
    /// Connects to one of the servers and establishes a session. Fails with <see cref="ConnectionLossException"/>
    /// when no server gives a session within <see cref="ZooKeeperClientOptions.ConnectTimeout"/>.
    /// </summary>
    public static async Task<ZooKeeperClient> ConnectAsync(ZooKeeperClientOptions options, CancellationToken cancellationToken = default)
    {
        var client = new ZooKeeperClient(options);
        client.diagnostics.Instruments?.Opened(client);
        client.sessionLoop = Task.Run(client.RunSessionAsync, CancellationToken.None);
        try
        {
            await client.firstSession.Task.WaitAsync(options.ConnectTimeout, options.TimeProvider, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The Stat of <paramref name="path"/>, or null when it does not exist.</summary>
    public Task<ZNodeStat?> ExistsAsync(string path, CancellationToken cancellationToken = default)
        => ExistsCoreAsync(path, null, cancellationToken);

    /// <summary>
    /// Like <see cref="ExistsAsync(string, CancellationToken)"/>, and watches the path: <paramref name="watcher"/>
    /// fires once, when the znode is created, changed or deleted.
    /// </summary>
    public Task<ZNodeStat?> ExistsAsync(string path, Action<WatchedEvent> watcher, CancellationToken cancellationToken = default)
        => ExistsCoreAsync(path, watcher ?? throw new ArgumentNullException(nameof(watcher)), cancellationToken);

    public Task<ZNodeData> GetDataAsync(string path, CancellationToken cancellationToken = default)
        => GetDataCoreAsync(path, null, cancellationToken);

    /// <summary>Reads and watches the data: <paramref name="watcher"/> fires once, when it changes or the znode is deleted.</summary>
    public Task<ZNodeData> GetDataAsync(string path, Action<WatchedEvent> watcher, CancellationToken cancellationToken = default)
        => GetDataCoreAsync(path, watcher ?? throw new ArgumentNullException(nameof(watcher)), cancellationToken);

    /// <summary>The children's names (unsorted, as the server lists them) and the parent's Stat.</summary>
    public Task<ZNodeChildren> GetChildrenAsync(string path, CancellationToken cancellationToken = default)
        => GetChildrenCoreAsync(path, null, cancellationToken);

    /// <summary>Lists and watches the children: <paramref name="watcher"/> fires once, when a child is added or removed or the znode is deleted.</summary>
    public Task<ZNodeChildren> GetChildrenAsync(string path, Action<WatchedEvent> watcher, CancellationToken cancellationToken = default)
        => GetChildrenCoreAsync(path, watcher ?? throw new ArgumentNullException(nameof(watcher)), cancellationToken);

    /// <summary>
    /// Creates a znode and returns its path (for sequential modes, with the counter the server appended).
    /// The ACL defaults to <see cref="ZooKeeperAcl.OpenUnsafe"/>.
    /// </summary>
    public async Task<string> CreateAsync(
        string path, byte[]? data, CreateMode mode = CreateMode.Persistent, IReadOnlyList<ZooKeeperAcl>? acl = null, CancellationToken cancellationToken = default)
    {
        var sequential = mode is CreateMode.PersistentSequential or CreateMode.EphemeralSequential;
        ZooKeeperPath.Validate(path, sequential);
        acl ??= ZooKeeperAcl.OpenUnsafe;
        var body = new JuteWriter(64 + path.Length + (data?.Length ?? 0));
        body.WriteString(Connection.ToServerPath(path));
        if (data is null)
        {
            body.WriteNullBuffer();
        }
        else
        {
            body.WriteBuffer(data);
        }

        body.WriteInt(acl.Count);
        foreach (var entry in acl)
        {
            body.WriteInt((int)entry.Permissions);
            body.WriteString(entry.Scheme);
            body.WriteString(entry.Id);
        }

        body.WriteInt((int)mode);
        var reply = await SendAsync(OpCode.Create, body, null, path, cancellationToken).ConfigureAwait(false);
        return Connection.ToClientPath(ReadString(reply.Body.Span));
    }

    /// <summary>Replaces the data when the znode's version is <paramref name="version"/> (-1: any version).</summary>
    public async Task<ZNodeStat> SetDataAsync(string path, byte[] data, int version = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ZooKeeperPath.Validate(path);
        var body = new JuteWriter(32 + path.Length + data.Length);
        body.WriteString(Connection.ToServerPath(path));
        body.WriteBuffer(data);
        body.WriteInt(version);
        var reply = await SendAsync(OpCode.SetData, body, null, path, cancellationToken).ConfigureAwait(false);
        return ReadStat(reply.Body.Span);
    }

    /// <summary>Deletes the znode when its version is <paramref name="version"/> (-1: any version).</summary>
    public async Task DeleteAsync(string path, int version = -1, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path);
        var body = new JuteWriter(16 + path.Length);
        body.WriteString(Connection.ToServerPath(path));
        body.WriteInt(version);
        await SendAsync(OpCode.Delete, body, null, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates <paramref name="path"/> and any missing parent as empty persistent znodes (<c>mkdir -p</c>).</summary>
    public async Task EnsurePathAsync(string path, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path);
        if (path == "/" || await ExistsAsync(path, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        await EnsurePathAsync(ZooKeeperPath.Parent(path), cancellationToken).ConfigureAwait(false);
        try
        {
            await CreateAsync(path, [], CreateMode.Persistent, null, cancellationToken).ConfigureAwait(false);
        }
        catch (NodeExistsException)
        {
            // Someone else created it meanwhile: that is all we wanted.
        }
    }

    /// <summary>Deletes <paramref name="path"/> and everything below it; a missing znode is not an error.</summary>
    public async Task DeleteRecursiveAsync(string path, CancellationToken cancellationToken = default)
    {
        ZooKeeperPath.Validate(path);
        try
        {
            var children = await GetChildrenAsync(path, cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(children.Children.Select(child => DeleteRecursiveAsync(ZooKeeperPath.Combine(path, child), cancellationToken))).ConfigureAwait(false);
            if (path != "/")
            {
                await DeleteAsync(path, -1, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (NoNodeException)
        {
            // Already gone (or deleted by someone else meanwhile).
        }
    }

    /// <summary>
    /// Closes the session (the server removes its ephemeral znodes at once), stops reconnecting, and tells
    /// pending watchers <see cref="WatchEventType.WatchLost"/>. Requests still waiting fail with <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        closing = true;
        if (State is ZooKeeperState.Connected or ZooKeeperState.Reconnected)
        {
            try
            {
                var close = new PendingRequest(OpCode.CloseSession, [], null);
                outgoing.Writer.TryWrite(close);
                await close.Task.WaitAsync(TimeSpan.FromSeconds(2), options.TimeProvider).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ZooKeeperException or TimeoutException or ObjectDisposedException)
            {
                // The server will expire the session on its own.
            }
        }

        outgoing.Writer.TryComplete();
        await lifetime.CancelAsync().ConfigureAwait(false);
        await sessionLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (outgoing.Reader.TryRead(out var request))
        {
            request.TrySetException(new ObjectDisposedException(nameof(ZooKeeperClient)));
        }

        LoseWatches();
        SetState(ZooKeeperState.Closed, null, "The client was disposed.");
        diagnostics.Instruments?.Closed(this);
        await dispatcher.CompleteAsync().ConfigureAwait(false);
        lifetime.Dispose();
    }

    /// <summary>Forgets a watcher locally (recipes use it when disposed, so they are not kept alive by the registry).</summary>
    internal void RemoveWatcher(string path, Action<WatchedEvent> watcher) => Watches.Remove(path, watcher);

    private async Task<ZNodeStat?> ExistsCoreAsync(string path, Action<WatchedEvent>? watcher, CancellationToken cancellationToken)
    {
        var body = PathAndWatch(path, watcher);
        var registration = watcher is null ? null : new WatchRegistration(WatchKind.Data, path, watcher);
        try
        {
            var reply = await SendAsync(OpCode.Exists, body, registration, path, cancellationToken).ConfigureAwait(false);
            return ReadStat(reply.Body.Span);
        }
        catch (NoNodeException)
        {
            return null;
        }
    }

    private async Task<ZNodeData> GetDataCoreAsync(string path, Action<WatchedEvent>? watcher, CancellationToken cancellationToken)
    {
        var body = PathAndWatch(path, watcher);
        var registration = watcher is null ? null : new WatchRegistration(WatchKind.Data, path, watcher);
        var reply = await SendAsync(OpCode.GetData, body, registration, path, cancellationToken).ConfigureAwait(false);
        return ReadData(reply.Body.Span);
    }

    private async Task<ZNodeChildren> GetChildrenCoreAsync(string path, Action<WatchedEvent>? watcher, CancellationToken cancellationToken)
    {
        var body = PathAndWatch(path, watcher);
        var registration = watcher is null ? null : new WatchRegistration(WatchKind.Child, path, watcher);
        var reply = await SendAsync(OpCode.GetChildren2, body, registration, path, cancellationToken).ConfigureAwait(false);
        return ReadChildren(reply.Body.Span);
    }

    private JuteWriter PathAndWatch(string path, Action<WatchedEvent>? watcher)
    {
        ZooKeeperPath.Validate(path);
        var body = new JuteWriter(8 + (path.Length * 2) + (Connection.Chroot?.Length ?? 0));
        body.WriteString(Connection.ToServerPath(path));
        body.WriteBool(watcher is not null);
        return body;
    }

    private async Task<Reply> SendAsync(OpCode op, JuteWriter body, WatchRegistration? watch, string path, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        var request = new PendingRequest(op, body.ToArray(), watch);
        if (!outgoing.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(nameof(ZooKeeperClient));
        }

        var instruments = diagnostics.Instruments;
        var started = instruments is null ? 0 : options.TimeProvider.GetTimestamp();
        instruments?.InFlight.Add(1, EnsembleTag);
        Reply reply;
        try
        {
            using (cancellationToken.CanBeCanceled ? cancellationToken.Register(() => request.TrySetCanceled(cancellationToken)) : default)
            {
                reply = await request.Task.ConfigureAwait(false);
            }
        }
        finally
        {
            if (instruments is not null)
            {
                instruments.InFlight.Add(-1, EnsembleTag);
                instruments.RequestDuration.Record(
                    options.TimeProvider.GetElapsedTime(started).TotalSeconds, EnsembleTag, new KeyValuePair<string, object?>("zookeeper.operation", OperationName(op)));
            }
        }

        if (reply.Error != ZooKeeperErrorCode.Ok)
        {
            throw ZooKeeperException.For(reply.Error, path);
        }

        return reply;
    }

    private static string OperationName(OpCode op) => op switch
    {
        OpCode.GetChildren2 => "get_children",
        OpCode.GetData => "get_data",
        OpCode.SetData => "set_data",
        OpCode.Exists => "exists",
        OpCode.Create => "create",
        OpCode.Delete => "delete",
        _ => "other",
    };

    private static string ReadString(ReadOnlySpan<byte> body) => new JuteReader(body).ReadString();

    private static ZNodeStat ReadStat(ReadOnlySpan<byte> body) => new JuteReader(body).ReadStat();

    private static ZNodeData ReadData(ReadOnlySpan<byte> body)
    {
        var reader = new JuteReader(body);
        var data = reader.ReadBuffer();
        return new ZNodeData(data, reader.ReadStat());
    }

    private static ZNodeChildren ReadChildren(ReadOnlySpan<byte> body)
    {
        var reader = new JuteReader(body);
        var children = reader.ReadStringVector();
        return new ZNodeChildren(children, reader.ReadStat());
    }
}
