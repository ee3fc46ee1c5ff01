namespace Tracker.ZooKeeper.Recipes;

/// <summary>
/// The current children of one znode (sorted by name; null while the znode does not exist), kept up to
/// date with watches, across reconnections and session expiry like <see cref="NodeCache"/>.
/// </summary>
public sealed class ChildrenCache : IAsyncDisposable
{
    private readonly ZooKeeperClient client;
    private readonly RefreshLoop loop;
    private readonly Action<WatchedEvent> watcher;
    private volatile ZNodeChildren? current;
    private volatile bool disposed;
    private int started;

    public ChildrenCache(ZooKeeperClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        ZooKeeperPath.Validate(path);
        this.client = client;
        Path = path;
        loop = new RefreshLoop(RefreshAsync, client.LogHook, $"the children cache of {path}");
        watcher = _ => loop.Request();
    }

    /// <summary>Raised (one at a time, never after <see cref="DisposeAsync"/> returns) when the set of children changes, or the znode appears or vanishes (null).</summary>
    public event EventHandler<ZNodeChildren?>? Changed;

    public string Path { get; }

    /// <summary>The latest children read (sorted ordinally), or null when the znode does not exist.</summary>
    public ZNodeChildren? Current => current;

    /// <summary>Lists the children and starts watching; completes once <see cref="Current"/> reflects the server.</summary>
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
                var read = await client.GetChildrenAsync(Path, watcher, cancellationToken).ConfigureAwait(false);
                var sorted = read.Children.Order(StringComparer.Ordinal).ToArray();
                Publish(read with { Children = sorted });
                return;
            }
            catch (NoNodeException)
            {
                if (await client.ExistsAsync(Path, watcher, cancellationToken).ConfigureAwait(false) is null)
                {
                    Publish(null);
                    return;
                }
            }
        }
    }

    private void Publish(ZNodeChildren? next)
    {
        var previous = current;
        var same = previous is null
            ? next is null
            : next is not null && previous.Stat.Czxid == next.Stat.Czxid && previous.Children.SequenceEqual(next.Children, StringComparer.Ordinal);
        current = next;
        if (same || disposed || !loop.FirstRead.IsCompleted)
        {
            return;
        }

        RecipeCallback.Raise(this, Changed, next);
    }
}
