namespace Tracker.ZooKeeper.Recipes;

/// <summary>
/// What <see cref="NodeCache"/> and <see cref="ChildrenCache"/> share: one znode read with a watch, re-read
/// whenever the watch fires, the connection comes back or a new session starts, and a
/// <see cref="Changed"/> event for every difference seen after <see cref="StartAsync"/>. Changes that
/// follow each other faster than a read may be reported once, with the latest value.
/// </summary>
public abstract class ZNodeCache<T> : IAsyncDisposable
    where T : class
{
    private readonly RefreshLoop _loop;
    private volatile T? _current;
    private volatile bool _disposed;
    private int _started;

    private protected ZNodeCache(ZooKeeperClient client, string path, string description)
    {
        ArgumentNullException.ThrowIfNull(client);
        ZooKeeperPath.Validate(path);
        Client = client;
        Path = path;
        _loop = new RefreshLoop(RefreshAsync, client.Diagnostics, $"the {description} of {path}");
        Watcher = _ => _loop.Request();
    }

    /// <summary>Raised (one at a time, never after <see cref="DisposeAsync"/> returns) with the new value, or null when the znode is gone.</summary>
    public event EventHandler<T?>? Changed;

    public string Path { get; }

    /// <summary>The latest value read, or null when the znode does not exist (or before <see cref="StartAsync"/>).</summary>
    public T? Current => _current;

    private protected ZooKeeperClient Client { get; }

    private protected Action<WatchedEvent> Watcher { get; }

    /// <summary>Reads the znode and starts watching it; completes once <see cref="Current"/> reflects the server.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            Client.StateChanged += OnStateChanged;
            _loop.Request();
        }

        return _loop.FirstRead.WaitAsync(cancellationToken);
    }

    /// <summary>Stops watching; no <see cref="Changed"/> is raised once this returns.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Client.StateChanged -= OnStateChanged;
        await _loop.StopAsync(fromCallback: RecipeCallback.Active).ConfigureAwait(false);
        Client.RemoveWatcher(Path, Watcher);
        GC.SuppressFinalize(this);
    }

    /// <summary>Reads the znode with <see cref="Watcher"/> set; throws <see cref="NoNodeException"/> when it is missing.</summary>
    private protected abstract Task<T> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Whether two reads show the same state, so no event is due.</summary>
    private protected abstract bool Same(T previous, T next);

    private void OnStateChanged(object? sender, ZooKeeperStateChange change)
    {
        if (change.State is ZooKeeperState.Reconnected or ZooKeeperState.Connected)
        {
            _loop.Request();
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                Publish(await ReadAsync(cancellationToken).ConfigureAwait(false));
                return;
            }
            catch (NoNodeException)
            {
                // Watch for its creation; if it was created in between, read it.
                if (await Client.ExistsAsync(Path, Watcher, cancellationToken).ConfigureAwait(false) is null)
                {
                    Publish(null);
                    return;
                }
            }
        }
    }

    private void Publish(T? next)
    {
        var previous = _current;
        var same = previous is null ? next is null : next is not null && Same(previous, next);
        _current = next;
        if (same || _disposed || !_loop.FirstRead.IsCompleted)
        {
            return;
        }

        RecipeCallback.Raise(this, Changed, next);
    }
}
