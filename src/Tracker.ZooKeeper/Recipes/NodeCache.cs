namespace Tracker.ZooKeeper.Recipes;

/// <summary>
/// The current data of one znode (null while it does not exist), kept up to date with watches. It
/// survives connection loss (re-reading after reconnecting) and session expiry (re-reading on the new
/// session).
/// </summary>
public sealed class NodeCache(ZooKeeperClient client, string path) : ZNodeCache<ZNodeData>(client, path, "node cache")
{
    private protected override Task<ZNodeData> ReadAsync(CancellationToken cancellationToken)
        => Client.GetDataAsync(Path, Watcher, cancellationToken);

    // A znode deleted and created again has a new czxid even when its data and version look the same.
    private protected override bool Same(ZNodeData previous, ZNodeData next)
        => previous.Stat.Czxid == next.Stat.Czxid && previous.Stat.Mzxid == next.Stat.Mzxid;
}
