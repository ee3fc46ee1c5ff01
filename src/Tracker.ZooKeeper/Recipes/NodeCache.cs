namespace Tracker.ZooKeeper.Recipes;

/// <summary>
/// The current data of one znode (null while it does not exist), kept up to date with watches. It
/// survives connection loss (re-reading after reconnecting) and session expiry (re-reading on the new
/// session). <see cref="Changed"/> reports every change it observes after <see cref="StartAsync"/>; changes
/// that follow each other faster than a read may be reported once, with the latest data.
/// </summary>
public sealed class NodeCache : IAsyncDisposable
{
    private readonly ZooKeeperClient client;
    private readonly RefreshLoop loop;
    private readonly Action<WatchedEvent> watcher;
    private volatile ZNodeData? current;
    private volatile bool disposed;
    private int started;

    public NodeCache(ZooKeeperClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        ZooKeeperPath.Validate(path);
        this.client = client;
        Path = path;
        loop = new RefreshLoop(RefreshAsync, client.LogHook, $"the node cache of {path}");
        watcher = _ => loop.Request();
    }

    /// <summary>Raised (one at a time, never after <see cref="DisposeAsync"/> returns) with the new data, or null when the znode was deleted.</summary>
    public event EventHandler<ZNodeData?>? Changed;

    public string Path { get; }

    /// <summary>The latest data read, or null when the znode does not exist (or before <see cref="StartAsync"/>).</summary>
    public ZNodeData? Current => current;

    /// <summary>Reads the znode and starts watching it; completes once <see cref="Current"/> reflects the server.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (Interlocked.Exchange(ref started, 1) == 0)
        {
            client.StateChanged += OnStateChanged;
            loop.Request();
        }

        return loop.FirstRead.WaitAsync(cancellationToken);
    }

    /// <summary>Stops watching; no <see cref="Changed"/> is raised once this returns.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        client.StateChanged -= OnStateChanged;
        await loop.StopAsync(fromCallback: RecipeCallback.Active).ConfigureAwait(false);
        client.RemoveWatcher(Path, watcher);
    }

    private void OnStateChanged(object? sender, ZooKeeperState state)
    {
        if (state is ZooKeeperState.Reconnected or ZooKeeperState.Connected)
        {
            loop.Request();
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                Publish(await client.GetDataAsync(Path, watcher, cancellationToken).ConfigureAwait(false));
                return;
            }
            catch (NoNodeException)
            {
                // Watch for its creation; if it was created in between, read it.
                if (await client.ExistsAsync(Path, watcher, cancellationToken).ConfigureAwait(false) is null)
                {
                    Publish(null);
                    return;
                }
            }
        }
    }

    private void Publish(ZNodeData? next)
    {
        var previous = current;
        var same = previous is null
            ? next is null
            : next is not null && previous.Stat.Czxid == next.Stat.Czxid && previous.Stat.Mzxid == next.Stat.Mzxid;
        current = next;
        if (same || disposed || !loop.FirstRead.IsCompleted)
        {
            return;
        }

        RecipeCallback.Raise(this, Changed, next);
    }
}
