using System.Text;
using Tracker.ZooKeeper.Tests.Infrastructure;

namespace Tracker.ZooKeeper.Tests.Session;

/// <summary>Connection loss within the session timeout: the session resumes and no watch event is lost.</summary>
public sealed class ReconnectTests
{
    [Fact]
    public async Task LostConnection_ResumesTheSession_AndSetWatchesDeliversWhatChangedMeanwhile()
    {
        await using var tree = await TestTree.CreateAsync();
        await using var proxy = new FaultRelay(tree.Servers);
        var zk = await tree.ConnectThroughAsync(proxy);
        var writer = await tree.ConnectAsync();
        var states = zk.RecordStates();
        var session = zk.SessionId;
        await zk.CreateAsync("/ephemeral", [], CreateMode.Ephemeral);
        await zk.CreateAsync("/data", [1]);
        await zk.CreateAsync("/parent", []);
        var events = new Recorder<WatchedEvent>();
        await zk.GetDataAsync("/data", events.Add);
        await zk.GetChildrenAsync("/parent", events.Add);
        await zk.ExistsAsync("/later", events.Add);

        await proxy.CutOffAsync(states);
        await writer.SetDataAsync("/data", [2]);
        await writer.CreateAsync("/parent/child", []);
        await writer.CreateAsync("/later", []);
        proxy.Accept();

        await states.NextAsync(s => s == ZooKeeperState.Reconnected, "Reconnected");
        Assert.Equal(session, zk.SessionId);
        var seen = new[]
        {
            await events.NextAsync("the first missed change"),
            await events.NextAsync("the second missed change"),
            await events.NextAsync("the third missed change"),
        };
        Assert.Equal(
            [
                new WatchedEvent(WatchEventType.NodeDataChanged, "/data"),
                new WatchedEvent(WatchEventType.NodeCreated, "/later"),
                new WatchedEvent(WatchEventType.NodeChildrenChanged, "/parent"),
            ],
            seen.OrderBy(e => e.Path, StringComparer.Ordinal));
        // The ephemeral znode outlived the connection because the session did.
        Assert.Equal(session, (await writer.ExistsAsync("/ephemeral"))!.EphemeralOwner);
        Assert.DoesNotContain(states.All, s => s == ZooKeeperState.Expired);
    }

    [Fact]
    public async Task RequestsIssuedWhileDisconnected_RunOnceReconnected()
    {
        await using var tree = await TestTree.CreateAsync();
        await using var proxy = new FaultRelay(tree.Servers);
        var zk = await tree.ConnectThroughAsync(proxy);
        var states = zk.RecordStates();

        await proxy.CutOffAsync(states);
        var create = zk.CreateAsync("/queued", Encoding.UTF8.GetBytes("while away"));
        Assert.False(create.IsCompleted);
        proxy.Accept();

        Assert.Equal("/queued", await create);
        Assert.Equal("while away", Encoding.UTF8.GetString((await zk.GetDataAsync("/queued")).Data));
    }

    [Fact]
    public async Task DigestCredentials_AreSentAgainOnReconnect()
    {
        await using var tree = await TestTree.CreateAsync();
        await using var proxy = new FaultRelay(tree.Servers);
        var zk = await tree.ConnectThroughAsync(proxy, o => o with { Digest = new DigestCredentials("heron", "pw") });
        var states = zk.RecordStates();
        await zk.CreateAsync("/private", [42], acl: [ZooKeeperAcl.Digest("heron", "pw")]);

        proxy.DropConnections();
        await states.NextAsync(s => s == ZooKeeperState.Reconnected, "Reconnected");

        Assert.Equal([42], (await zk.GetDataAsync("/private")).Data);
    }

    [Fact]
    public async Task ManyWatches_AreRestoredInSeveralSetWatchesPackets()
    {
        await using var tree = await TestTree.CreateAsync();
        await using var proxy = new FaultRelay(tree.Servers);
        var zk = await tree.ConnectThroughAsync(proxy);
        var writer = await tree.ConnectAsync();
        var states = zk.RecordStates();
        // 2000 paths of about 110 bytes: more than one 128 KB SetWatches packet.
        var paths = Enumerable.Range(0, 2000).Select(i => $"/{new string('w', 100)}-{i:D4}").ToArray();
        var events = new Recorder<WatchedEvent>();
        await Task.WhenAll(paths.Select(p => zk.ExistsAsync(p, events.Add)));

        await proxy.CutOffAsync(states);
        await writer.CreateAsync(paths[0], []);
        await writer.CreateAsync(paths[^1], []);
        proxy.Accept();

        var created = new[] { await events.NextAsync("the first creation"), await events.NextAsync("the second creation") };
        Assert.Equal([paths[0], paths[^1]], created.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.All(created, e => Assert.Equal(WatchEventType.NodeCreated, e.Type));
    }
}
