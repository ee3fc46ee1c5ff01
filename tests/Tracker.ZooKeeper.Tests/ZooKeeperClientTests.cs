using System.Text;
using Tracker.ZooKeeper.Tests.Infrastructure;

namespace Tracker.ZooKeeper.Tests;

public sealed class ZooKeeperClientTests
{
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Operations_CreateReadUpdateDelete_RoundTripWithStats()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();

        var created = await zk.CreateAsync("/topology", Bytes("v1"));
        Assert.Equal("/topology", created);

        var stat = await zk.ExistsAsync("/topology");
        Assert.NotNull(stat);
        Assert.Equal(0, stat.Version);
        Assert.Equal(2, stat.DataLength);
        Assert.False(stat.IsEphemeral);
        Assert.Equal(stat.Czxid, stat.Mzxid);

        var read = await zk.GetDataAsync("/topology");
        Assert.Equal("v1", Encoding.UTF8.GetString(read.Data));
        Assert.Equal(stat, read.Stat);

        var updated = await zk.SetDataAsync("/topology", Bytes("version two"), version: 0);
        Assert.Equal(1, updated.Version);
        Assert.Equal(11, updated.DataLength);
        Assert.True(updated.Mzxid > stat.Mzxid);
        Assert.Equal("version two", Encoding.UTF8.GetString((await zk.GetDataAsync("/topology")).Data));

        await zk.DeleteAsync("/topology", version: 1);
        Assert.Null(await zk.ExistsAsync("/topology"));
    }

    [Fact]
    public async Task GetChildren_ListsNamesWithTheParentStat()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        await zk.CreateAsync("/topologies", []);
        foreach (var name in new[] { "word-count", "exclamation", "ack" })
        {
            await zk.CreateAsync($"/topologies/{name}", Bytes(name));
        }

        var children = await zk.GetChildrenAsync("/topologies");

        Assert.Equal(["ack", "exclamation", "word-count"], children.Children.Order(StringComparer.Ordinal));
        Assert.Equal(3, children.Stat.NumChildren);
        Assert.Equal(3, children.Stat.Cversion);
        Assert.Empty((await zk.GetChildrenAsync("/topologies/ack")).Children);
    }

    [Fact]
    public async Task Create_SequentialModes_AppendTenDigitCounters()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        await zk.CreateAsync("/queue", []);

        var first = await zk.CreateAsync("/queue/item-", Bytes("a"), CreateMode.PersistentSequential);
        var second = await zk.CreateAsync("/queue/item-", Bytes("b"), CreateMode.EphemeralSequential);

        Assert.Matches(@"^/queue/item-\d{10}$", first);
        Assert.Matches(@"^/queue/item-\d{10}$", second);
        Assert.True(string.CompareOrdinal(second, first) > 0);
        Assert.False((await zk.ExistsAsync(first))!.IsEphemeral);
        Assert.Equal(zk.SessionId, (await zk.ExistsAsync(second))!.EphemeralOwner);
    }

    [Fact]
    public async Task Create_WithoutData_ReadsAsEmpty()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();

        await zk.CreateAsync("/empty", null);

        var read = await zk.GetDataAsync("/empty");
        Assert.Empty(read.Data);
        Assert.Equal(0, read.Stat.DataLength);
    }

    [Fact]
    public async Task EphemeralNode_VanishesWhenItsSessionCloses()
    {
        await using var tree = await TestTree.CreateAsync();
        var watcher = await tree.ConnectAsync();
        var owner = await tree.ConnectAsync();
        await owner.CreateAsync("/tmanager", Bytes("host:port"), CreateMode.Ephemeral);
        var events = new Recorder<WatchedEvent>();
        var stat = await watcher.ExistsAsync("/tmanager", events.Add);
        Assert.Equal(owner.SessionId, stat!.EphemeralOwner);

        await owner.DisposeAsync();

        var deleted = await events.NextAsync("the ephemeral znode's deletion");
        Assert.Equal(new WatchedEvent(WatchEventType.NodeDeleted, "/tmanager"), deleted);
        Assert.Null(await watcher.ExistsAsync("/tmanager"));
    }

    [Fact]
    public async Task Chroot_PathsAreRelativeToIt()
    {
        await using var tree = await TestTree.CreateAsync();
        var chrooted = await tree.ConnectAsync();
        await using var plain = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions { ConnectionString = tree.Servers, SessionTimeout = TestTree.SessionTimeout });

        Assert.Equal("/a", await chrooted.CreateAsync("/a", Bytes("inside")));
        var sequential = await chrooted.CreateAsync("/a/s-", [], CreateMode.PersistentSequential);

        Assert.Equal("inside", Encoding.UTF8.GetString((await plain.GetDataAsync(tree.Root + "/a")).Data));
        Assert.NotNull(await plain.ExistsAsync(tree.Root + sequential));
        Assert.Contains("a", (await chrooted.GetChildrenAsync("/")).Children);
    }

    [Fact]
    public async Task ThousandConcurrentGetData_OnOneConnection_AllMatchTheirZnode()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        for (var i = 0; i < 10; i++)
        {
            await zk.CreateAsync($"/n{i}", Bytes($"data of {i}"));
        }

        var reads = Enumerable.Range(0, 1000).Select(async i =>
        {
            var read = await zk.GetDataAsync($"/n{i % 10}");
            return (i, Text: Encoding.UTF8.GetString(read.Data));
        }).ToArray();
        var results = await Task.WhenAll(reads);

        Assert.All(results, r => Assert.Equal($"data of {r.i % 10}", r.Text));
        Assert.Equal(ZooKeeperState.Connected, zk.State);
    }

    [Fact]
    public async Task Cancellation_OfARequestInFlight_LeavesTheConnectionUsable()
    {
        await using var tree = await TestTree.CreateAsync();
        await using var proxy = new FaultRelay(tree.Servers);
        var zk = await tree.ConnectThroughAsync(proxy);
        await zk.CreateAsync("/x", Bytes("x"));
        using var cts = new CancellationTokenSource();

        proxy.Freeze();
        var stuck = zk.GetDataAsync("/x", cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stuck);
        proxy.Thaw();

        // The late reply to the cancelled request is matched and discarded; the next one gets its own.
        Assert.Equal("x", Encoding.UTF8.GetString((await zk.GetDataAsync("/x")).Data));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => zk.GetDataAsync("/x", new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task DisposedClient_RejectsRequests()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();
        var states = zk.RecordStates();

        await zk.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => zk.GetDataAsync("/"));
        Assert.Equal(ZooKeeperState.Closed, await states.NextAsync("the closed state"));
        Assert.Equal(ZooKeeperState.Closed, zk.State);
    }

    [Fact]
    public async Task Connect_ToNoServer_FailsWithConnectionLossAtTheDeadline()
    {
        var options = new ZooKeeperClientOptions { ConnectionString = "127.0.0.1:1", ConnectTimeout = TimeSpan.FromSeconds(1) };

        var error = await Assert.ThrowsAsync<ConnectionLossException>(() => ZooKeeperClient.ConnectAsync(options));

        Assert.Contains("127.0.0.1:1", error.Message);
    }

    [Fact]
    public async Task Paths_TheClientCanNeverSend_AreRejectedBeforeSending()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => zk.GetDataAsync("relative"));
        await Assert.ThrowsAsync<ArgumentException>(() => zk.CreateAsync("/trailing/", []));
        await Assert.ThrowsAsync<ArgumentException>(() => zk.DeleteAsync("/double//slash"));
    }
}
