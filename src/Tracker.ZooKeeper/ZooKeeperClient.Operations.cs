using Tracker.ZooKeeper.Protocol;
using Tracker.ZooKeeper.Session;

namespace Tracker.ZooKeeper;

// The znode operations: each one a request written in jute, queued for the session loop, and its reply read.
public sealed partial class ZooKeeperClient
{
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
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        var request = new PendingRequest(op, body.ToArray(), watch);
        if (!_outgoing.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(nameof(ZooKeeperClient));
        }

        var instruments = _diagnostics.Instruments;
        var started = instruments is null ? 0 : _options.TimeProvider.GetTimestamp();
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
                    _options.TimeProvider.GetElapsedTime(started).TotalSeconds, EnsembleTag, new KeyValuePair<string, object?>("zookeeper.operation", OperationName(op)));
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
