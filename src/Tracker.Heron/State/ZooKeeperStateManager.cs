using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Tracker.Heron.Topologies;
using Tracker.ZooKeeper;
using Tracker.ZooKeeper.Recipes;

namespace Tracker.Heron.State;

/// <summary>
/// Heron state in ZooKeeper: a children cache on <c>{root}/topologies</c> (the node is created when
/// missing, as the reference does since #2260) and, per topology, node caches on its five state
/// znodes (plus the pre-0.20.4 <c>tmasters</c> location), whose bytes go to the
/// <see cref="StateReducer"/>. Missing znodes mean "absent"; ephemeral
/// TManager and scheduler znodes vanishing show at once. A topology's caches are disposed when it
/// leaves the children list, so its watches are released and a re-submitted topology is watched
/// exactly once (§7.10). The client re-reads everything after reconnecting or after a new session,
/// so an outage loses nothing.
/// <para>
/// Cache callbacks only enqueue work; one worker applies it in order, so the registry sees the
/// changes of this state manager one at a time and never from the client's event thread.
/// </para>
/// </summary>
internal sealed partial class ZooKeeperStateManager : IStateManager
{
    /// <summary>How long startup waits for the first complete read before serving (it goes on in the background).</summary>
    private static readonly TimeSpan FirstSyncWait = TimeSpan.FromSeconds(10);

    private readonly StateManagerOptions _options;
    private readonly StateReducer _reducer;
    private readonly TimeProvider _time;
    private readonly ILogger<ZooKeeperStateManager> _logger;
    private readonly ILoggerFactory? _loggers;
    private readonly Meter? _meter;
    private readonly string _root;
    private readonly Channel<Func<Task>> _work = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, TopologyWatch> _watches = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstSync = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ZooKeeperClient? _client;
    private ChildrenCache? _topologies;
    private Task _worker = Task.CompletedTask;
    private Task _connector = Task.CompletedTask;
    private volatile ZooKeeperStateChange? _lastChange;
    private int _pending;

    public ZooKeeperStateManager(
        StateManagerOptions options, TopologyRegistry registry, TimeProvider time, ILogger<ZooKeeperStateManager> logger, ILoggerFactory? loggers = null, Meter? meter = null)
    {
        _loggers = loggers;
        _meter = meter;
        _options = options;
        _time = time;
        _logger = logger;
        _root = options.RootPath.Length > 1 ? options.RootPath.TrimEnd('/') : options.RootPath;
        Name = options.Name;
        _reducer = new StateReducer(Name, registry, logger, (source, topology) => PathOf(source.Directory, topology));
    }

    public string Name { get; }

    /// <summary>Connected while the session is; caught up once the first complete read is applied and no change waits.</summary>
    public StateManagerStatus Status
    {
        get
        {
            var session = _client?.State ?? ZooKeeperState.Connecting;
            var connected = session is ZooKeeperState.Connected or ZooKeeperState.Reconnected;
            var pending = Volatile.Read(ref _pending);
            var caughtUp = _firstSync.Task.IsCompleted && pending == 0;
            var name = session.ToString().ToLowerInvariant();
            var detail = _lastChange is { } change ? $"{_options.HostPort}: session {name} ({change})" : $"{_options.HostPort}: session {name}";
            if (!_firstSync.Task.IsCompleted)
            {
                detail += "; first complete read pending";
            }
            else if (pending > 0)
            {
                detail += $"; {pending} update(s) waiting";
            }

            return new StateManagerStatus(connected, caughtUp, name, detail);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LogStarting(Name, _options.HostPort ?? "", _root);
        _worker = Task.Run(WorkAsync, CancellationToken.None);
        _connector = Task.Run(ConnectAsync, CancellationToken.None);
        try
        {
            await _firstSync.Task.WaitAsync(FirstSyncWait, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogFirstSyncSlow(Name, FirstSyncWait);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _connector;
        _work.Writer.TryComplete();
        await _worker;
        if (_topologies is not null)
        {
            await _topologies.DisposeAsync();
        }

        foreach (var watch in _watches.Values)
        {
            await watch.DisposeAsync();
        }

        _watches.Clear();
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private string PathOf(string directory, string? topology = null)
    {
        var path = _root == "/" ? "/" + directory : _root + "/" + directory;
        return topology is null ? path : path + "/" + topology;
    }

    private async Task ConnectAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                _client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
                {
                    ConnectionString = _options.HostPort!,
                    SessionTimeout = _options.SessionTimeout,
                    TimeProvider = _time,
                    LoggerFactory = _loggers,
                    Meter = _meter,
                }, token);
                _client.StateChanged += (_, change) =>
                {
                    _lastChange = change;
                    LogConnectionState(Name, change.State.ToString(), change.Server is { } s ? $"{s.Host}:{s.Port}" : "", change.Cause);
                };
                await _client.EnsurePathAsync(PathOf(StateLayout.Topologies), token);

                var topologies = new ChildrenCache(_client, PathOf(StateLayout.Topologies));
                topologies.Changed += (_, children) => Enqueue(() => SyncTopologiesAsync(children?.Children ?? []));
                await topologies.StartAsync(token);
                _topologies = topologies;
                var initial = topologies.Current?.Children ?? [];
                Enqueue(async () =>
                {
                    await SyncTopologiesAsync(initial);
                    _firstSync.TrySetResult();
                });
                return;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogConnectFailed(e, Name);
                if (_client is not null)
                {
                    await _client.DisposeAsync();
                    _client = null;
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Enqueue(Func<Task> work)
    {
        // Counted for readiness (the single-reader channel cannot count itself).
        Interlocked.Increment(ref _pending);
        if (!_work.Writer.TryWrite(work))
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task WorkAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync())
        {
            if (_stopping.IsCancellationRequested)
            {
                Interlocked.Decrement(ref _pending);
                continue;
            }

            try
            {
                await work();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Stopping.
            }
            catch (Exception e)
            {
                // One failed update must not stop the following ones (the Tornado tracker froze a topology for good).
                LogUpdateFailed(e, Name);
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    private async Task SyncTopologiesAsync(IReadOnlyList<string> names)
    {
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _watches.Keys.Where(n => !wanted.Contains(n)).ToList())
        {
            var watch = _watches[gone];
            _watches.Remove(gone);
            await watch.DisposeAsync();
        }

        _reducer.SetTopologyNames(wanted);
        foreach (var name in wanted.Where(n => !_watches.ContainsKey(n)).Order(StringComparer.Ordinal))
        {
            var watch = new TopologyWatch(this, name);
            _watches[name] = watch;
            await watch.StartAsync(_stopping.Token);
        }
    }

    /// <summary>The node caches of one topology; disposing it releases their watches.</summary>
    private sealed class TopologyWatch(ZooKeeperStateManager owner, string topology) : IAsyncDisposable
    {
        private readonly List<NodeCache> _caches = [];
        private bool _disposed;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var source in StateLayout.Sources)
            {
                var cache = new NodeCache(owner._client!, owner.PathOf(source.Directory, topology));
                _caches.Add(cache);
                cache.Changed += (_, data) => owner.Enqueue(() =>
                {
                    Report(source, data?.Data);
                    return Task.CompletedTask;
                });
                await cache.StartAsync(cancellationToken);
                Report(source, cache.Current?.Data);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _disposed = true;
            foreach (var cache in _caches)
            {
                await cache.DisposeAsync();
            }
        }

        private void Report(StateSource source, byte[]? data)
        {
            if (!_disposed)
            {
                owner._reducer.Report(topology, source, data);
            }
        }
    }
}
