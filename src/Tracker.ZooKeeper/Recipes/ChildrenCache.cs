namespace Tracker.ZooKeeper.Recipes;

/// <summary>
/// The current children of one znode (sorted by name; null while the znode does not exist), kept up to
/// date with watches, across reconnections and session expiry like <see cref="NodeCache"/>.
/// </summary>
public sealed class ChildrenCache(ZooKeeperClient client, string path) : ZNodeCache<ZNodeChildren>(client, path, "children cache")
{
    private protected override async Task<ZNodeChildren> ReadAsync(CancellationToken cancellationToken)
    {
        var read = await Client.GetChildrenAsync(Path, Watcher, cancellationToken).ConfigureAwait(false);
        return read with { Children = read.Children.Order(StringComparer.Ordinal).ToArray() };
    }

    private protected override bool Same(ZNodeChildren previous, ZNodeChildren next)
        => previous.Stat.Czxid == next.Stat.Czxid && previous.Children.SequenceEqual(next.Children, StringComparer.Ordinal);
}
