using System.Text;
using Tracker.ZooKeeper.Recipes;
using Tracker.ZooKeeper.Tests.Infrastructure;

namespace Tracker.ZooKeeper.Tests.Recipes;

public sealed class NodeCacheTests
{
    private static string Text(ZNodeData? data) => data is null ? "<missing>" : Encoding.UTF8.GetString(data.Data);

    [Fact]
    public async Task NodeCache_FollowsCreateChangeDeleteAndRecreate()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        var writer = await tree.ConnectAsync();
        await using var cache = new NodeCache(zk, "/executionstate");
        var changes = new Recorder<string>();
        cache.Changed += (_, d) => changes.Add(Text(d));

        await cache.StartAsync();
        Assert.Null(cache.Current);

        await writer.CreateAsync("/executionstate", Encoding.UTF8.GetBytes("e1"));
        Assert.Equal("e1", await changes.NextAsync("the creation"));
        await writer.SetDataAsync("/executionstate", Encoding.UTF8.GetBytes("e2"));
        Assert.Equal("e2", await changes.NextAsync("the change"));
        Assert.Equal("e2", Text(cache.Current));
        Assert.Equal(1, cache.Current!.Stat.Version);
        await writer.DeleteAsync("/executionstate");
        Assert.Equal("<missing>", await changes.NextAsync("the deletion"));
        Assert.Null(cache.Current);
        await writer.CreateAsync("/executionstate", Encoding.UTF8.GetBytes("e3"));
        Assert.Equal("e3", await changes.NextAsync("the re-creation"));
    }

    [Fact]
    public async Task NodeCache_StartedOnAnExistingZnode_HasItsDataWithoutAnEvent()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        await zk.CreateAsync("/pplan", Encoding.UTF8.GetBytes("plan"));
        await using var cache = new NodeCache(zk, "/pplan");
        var changes = new Recorder<string>();
        cache.Changed += (_, d) => changes.Add(Text(d));

        await cache.StartAsync();

        Assert.Equal("plan", Text(cache.Current));
        await zk.SetDataAsync("/pplan", Encoding.UTF8.GetBytes("plan 2"));
        Assert.Equal("plan 2", await changes.NextAsync("the change"));
        Assert.Single(changes.All);
    }

    [Fact]
    public async Task NodeCache_Disposed_RaisesNothingMore()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        await zk.CreateAsync("/node", [1]);
        var cache = new NodeCache(zk, "/node");
        var changes = new Recorder<string>();
        cache.Changed += (_, d) => changes.Add(Text(d));
        await cache.StartAsync();
        await zk.SetDataAsync("/node", [2]);
        await changes.NextAsync("the change before disposal");

        await cache.DisposeAsync();
        var events = new Recorder<WatchedEvent>();
        await zk.GetDataAsync("/node", events.Add);
        await zk.SetDataAsync("/node", [3]);
        await zk.DeleteAsync("/node");

        // Our own watch saw the change; the cache, whose watcher was on the same path, stayed silent.
        await events.NextAsync("our own watch");
        Assert.Single(changes.All);
        Assert.Throws<ObjectDisposedException>(() => { _ = cache.StartAsync(); });
    }

    [Fact]
    public async Task NodeCache_DisposedFromItsOwnHandler_DoesNotDeadlock()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        await zk.CreateAsync("/node", [1]);
        var cache = new NodeCache(zk, "/node");
        var disposed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cache.Changed += async (_, _) =>
        {
            await cache.DisposeAsync();
            disposed.SetResult();
        };
        await cache.StartAsync();

        await zk.SetDataAsync("/node", [2]);

        await disposed.Task.WaitAsync(Eventually.DefaultTimeout);
    }
}
