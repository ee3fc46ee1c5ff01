using Tracker.ZooKeeper.Recipes;

namespace Tracker.ZooKeeper.Tests.Infrastructure;

/// <summary>
/// A node cache and a children cache started on one client, with every change they report recorded: the
/// pair a Heron state watcher keeps, for tests that cut the client off and check what the recipes learn.
/// </summary>
internal sealed class WatchedRecipes : IAsyncDisposable
{
    private WatchedRecipes(ZooKeeperClient zk, string nodePath, string parentPath)
    {
        Node = new NodeCache(zk, nodePath);
        Children = new ChildrenCache(zk, parentPath);
        Node.Changed += (_, d) => NodeChanges.Add(d);
        Children.Changed += (_, c) => ChildChanges.Add(c);
    }

    public NodeCache Node { get; }

    public ChildrenCache Children { get; }

    public Recorder<ZNodeData?> NodeChanges { get; } = new();

    public Recorder<ZNodeChildren?> ChildChanges { get; } = new();

    public static async Task<WatchedRecipes> StartAsync(ZooKeeperClient zk, string nodePath, string parentPath)
    {
        var recipes = new WatchedRecipes(zk, nodePath, parentPath);
        await recipes.Node.StartAsync();
        await recipes.Children.StartAsync();
        return recipes;
    }

    public async ValueTask DisposeAsync()
    {
        await Children.DisposeAsync();
        await Node.DisposeAsync();
    }
}
