using Tracker.ZooKeeper;

namespace Tracker.Sandbox.Heron.State;

/// <summary>
/// Heron's ZooKeeper state layout under a root znode (<c>{root}/{directory}/{topology}</c>).
/// Ephemeral nodes belong to this store's session, as a TManager's belong to its own: closing the
/// store (or its session expiring) removes them.
/// </summary>
public sealed class ZooKeeperHeronStateStore : IHeronStateStore
{
    private readonly ZooKeeperClient _client;
    private readonly string _root;

    private ZooKeeperHeronStateStore(ZooKeeperClient client, string hostPort, string root)
    {
        _client = client;
        HostPort = hostPort;
        Root = root;
        _root = root == "/" ? "" : root.TrimEnd('/');
    }

    public ZooKeeperClient Client => _client;

    public string HostPort { get; }

    public string Root { get; }

    public static async Task<ZooKeeperHeronStateStore> ConnectAsync(string hostPort, string root, CancellationToken cancellationToken)
    {
        var client = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectionString = hostPort }, cancellationToken);
        return new ZooKeeperHeronStateStore(client, hostPort, root);
    }

    public async Task WriteAsync(string directory, string topology, byte[] data, bool ephemeral, CancellationToken cancellationToken)
    {
        var parent = $"{_root}/{directory}";
        var path = $"{parent}/{topology}";
        await _client.EnsurePathAsync(parent, cancellationToken);
        if (!ephemeral)
        {
            try
            {
                await _client.CreateAsync(path, data, CreateMode.Persistent, null, cancellationToken);
            }
            catch (NodeExistsException)
            {
                await _client.SetDataAsync(path, data, -1, cancellationToken);
            }

            return;
        }

        // An ephemeral node cannot be updated in place by another session: replace it.
        await DeleteAsync(directory, topology, cancellationToken);
        await _client.CreateAsync(path, data, CreateMode.Ephemeral, null, cancellationToken);
    }

    public async Task DeleteAsync(string directory, string topology, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteAsync($"{_root}/{directory}/{topology}", -1, cancellationToken);
        }
        catch (NoNodeException)
        {
            // Already gone.
        }
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
