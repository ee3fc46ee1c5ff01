using Tracker.ZooKeeper.Tests.Infrastructure;

namespace Tracker.ZooKeeper.Tests;

/// <summary>One-shot watches as the server delivers them.</summary>
public sealed class WatchTests
{
    [Fact]
    public async Task ExistsWatch_FiresOnCreate()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        var events = new Recorder<WatchedEvent>();
        Assert.Null(await zk.ExistsAsync("/pplan", events.Add));

        await zk.CreateAsync("/pplan", [1]);

        Assert.Equal(new WatchedEvent(WatchEventType.NodeCreated, "/pplan"), await events.NextAsync("NodeCreated"));
    }

    [Fact]
    public async Task DataWatch_FiresOnChangeAndOnDelete()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        var writer = await tree.ConnectAsync();
        await zk.CreateAsync("/state", [1]);
        var events = new Recorder<WatchedEvent>();

        await zk.GetDataAsync("/state", events.Add);
        await writer.SetDataAsync("/state", [2]);
        Assert.Equal(new WatchedEvent(WatchEventType.NodeDataChanged, "/state"), await events.NextAsync("NodeDataChanged"));

        await zk.ExistsAsync("/state", events.Add);
        await writer.DeleteAsync("/state");
        Assert.Equal(new WatchedEvent(WatchEventType.NodeDeleted, "/state"), await events.NextAsync("NodeDeleted"));
    }

    [Fact]
    public async Task ChildWatch_FiresOnChildAddedAndRemoved_AndOnParentDeleted()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        await zk.CreateAsync("/topologies", []);
        var events = new Recorder<WatchedEvent>();

        await zk.GetChildrenAsync("/topologies", events.Add);
        await zk.CreateAsync("/topologies/t1", []);
        Assert.Equal(new WatchedEvent(WatchEventType.NodeChildrenChanged, "/topologies"), await events.NextAsync("child added"));

        await zk.GetChildrenAsync("/topologies", events.Add);
        await zk.DeleteAsync("/topologies/t1");
        Assert.Equal(new WatchedEvent(WatchEventType.NodeChildrenChanged, "/topologies"), await events.NextAsync("child removed"));

        await zk.GetChildrenAsync("/topologies", events.Add);
        await zk.DeleteAsync("/topologies");
        Assert.Equal(new WatchedEvent(WatchEventType.NodeDeleted, "/topologies"), await events.NextAsync("parent deleted"));
    }

    [Fact]
    public async Task Watch_IsOneShot_AndFansOutToEveryWatcher()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        await zk.CreateAsync("/node", [0]);
        await zk.CreateAsync("/sentinel", [0]);
        var first = new Recorder<WatchedEvent>();
        var second = new Recorder<WatchedEvent>();
        await zk.GetDataAsync("/node", first.Add);
        await zk.GetDataAsync("/node", second.Add);

        await zk.SetDataAsync("/node", [1]);
        await first.NextAsync("the first watcher");
        await second.NextAsync("the second watcher");

        // A second change must not fire again. Events are delivered in order, so once the sentinel's
        // (later) event arrives, any event for the second change would already have been recorded.
        await zk.SetDataAsync("/node", [2]);
        await zk.GetDataAsync("/sentinel", first.Add);
        await zk.SetDataAsync("/sentinel", [1]);
        Assert.Equal("/sentinel", (await first.NextAsync("the sentinel")).Path);
        Assert.Single(second.All);
        Assert.Equal(2, first.All.Count);
    }

    [Fact]
    public async Task Watchers_OfAClosedClient_AreToldTheirWatchIsLost()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        var events = new Recorder<WatchedEvent>();
        await zk.ExistsAsync("/never", events.Add);

        await zk.DisposeAsync();

        Assert.Equal(new WatchedEvent(WatchEventType.WatchLost, "/never"), await events.NextAsync("WatchLost"));
    }
}
