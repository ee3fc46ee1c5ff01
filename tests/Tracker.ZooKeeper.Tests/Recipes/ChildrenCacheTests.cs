using Tracker.ZooKeeper.Recipes;
using Tracker.ZooKeeper.Tests.Infrastructure;

namespace Tracker.ZooKeeper.Tests.Recipes;

public sealed class ChildrenCacheTests
{
    private static string Names(ZNodeChildren? children) => children is null ? "<missing>" : string.Join(',', children.Children);

    [Fact]
    public async Task ChildrenCache_FollowsChildrenAndTheParentsExistence()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        var writer = await tree.ConnectAsync();
        await using var cache = new ChildrenCache(zk, "/topologies");
        var changes = new Recorder<string>();
        cache.Changed += (_, c) => changes.Add(Names(c));

        await cache.StartAsync();
        Assert.Null(cache.Current);

        await writer.CreateAsync("/topologies", []);
        Assert.Equal(string.Empty, await changes.NextAsync("the parent's creation"));
        await writer.CreateAsync("/topologies/word-count", []);
        Assert.Equal("word-count", await changes.NextAsync("the first topology"));
        await writer.CreateAsync("/topologies/ack", []);
        Assert.Equal("ack,word-count", await changes.NextAsync("the second topology, sorted"));
        await writer.DeleteAsync("/topologies/word-count");
        Assert.Equal("ack", await changes.NextAsync("a removal"));
        Assert.Equal(["ack"], cache.Current!.Children);
        await writer.DeleteAsync("/topologies/ack");
        await writer.DeleteAsync("/topologies");
        Assert.Equal("<missing>", await changes.NextAsync(c => c == "<missing>", "the parent's deletion"));
        Assert.Null(cache.Current);
    }

    [Fact]
    public async Task ChildrenCache_IgnoresChangesToTheChildrensData()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        await zk.CreateAsync("/topologies", []);
        await zk.CreateAsync("/topologies/t1", [1]);
        await using var cache = new ChildrenCache(zk, "/topologies");
        var changes = new Recorder<string>();
        cache.Changed += (_, c) => changes.Add(Names(c));
        await cache.StartAsync();

        await zk.SetDataAsync("/topologies/t1", [2]);
        await zk.CreateAsync("/topologies/t2", []);

        Assert.Equal("t1,t2", await changes.NextAsync("the added child"));
        Assert.Single(changes.All);
    }
}
