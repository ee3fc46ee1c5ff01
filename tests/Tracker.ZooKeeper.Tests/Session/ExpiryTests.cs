using System.Text;
using Tracker.ZooKeeper.Tests.Infrastructure;

namespace Tracker.ZooKeeper.Tests.Session;

/// <summary>
/// A forced session expiry: while the client is cut off, a second client takes over its session (same id
/// and password) and closes it, as the server would expire it.
/// </summary>
public sealed class ExpiryTests
{
    [Fact]
    public async Task ExpiredSession_IsReported_ReplacedByANewOne_AndTheRecipesRecover()
    {
        await using var tree = await TestTree.CreateAsync();
        await using var proxy = new FaultRelay(tree.Servers);
        var zk = await tree.ConnectThroughAsync(proxy);
        var writer = await tree.ConnectAsync();
        var states = zk.RecordStates();
        await zk.CreateAsync("/mine", [], CreateMode.Ephemeral);
        await writer.CreateAsync("/plan", Encoding.UTF8.GetBytes("p1"));
        await writer.CreateAsync("/topologies", []);
        var watch = new Recorder<WatchedEvent>();
        await zk.GetDataAsync("/plan", watch.Add);
        await using var recipes = await WatchedRecipes.StartAsync(zk, "/plan", "/topologies");
        var oldSession = zk.SessionId;

        await proxy.CutOffAsync(states);
        var queued = zk.GetDataAsync("/plan");
        await using (var thief = await ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
        {
            ConnectionString = tree.ConnectionString,
            SessionTimeout = TestTree.SessionTimeout,
            ResumeSession = (oldSession, zk.SessionPassword),
        }))
        {
            Assert.Equal(oldSession, thief.SessionId);
        }

        await writer.SetDataAsync("/plan", Encoding.UTF8.GetBytes("p2"));
        await writer.CreateAsync("/topologies/t1", []);
        proxy.Accept();

        await states.NextAsync(s => s == ZooKeeperState.Expired, "Expired");
        await states.NextAsync(s => s == ZooKeeperState.Connected, "Connected with a new session");
        Assert.NotEqual(oldSession, zk.SessionId);
        Assert.NotEqual(0, zk.SessionId);
        await Assert.ThrowsAsync<SessionExpiredException>(() => queued);
        Assert.Equal(new WatchedEvent(WatchEventType.WatchLost, "/plan"), await watch.NextAsync("WatchLost"));
        Assert.Null(await zk.ExistsAsync("/mine"));

        Assert.Equal("p2", Encoding.UTF8.GetString((await recipes.NodeChanges.NextAsync("the node cache's re-read"))!.Data));
        Assert.Equal(["t1"], (await recipes.ChildChanges.NextAsync("the children cache's re-read"))!.Children);

        // The recipes watch again on the new session.
        await writer.SetDataAsync("/plan", Encoding.UTF8.GetBytes("p3"));
        await writer.CreateAsync("/topologies/t2", []);
        Assert.Equal("p3", Encoding.UTF8.GetString((await recipes.NodeChanges.NextAsync("a change on the new session"))!.Data));
        Assert.Equal(["t1", "t2"], (await recipes.ChildChanges.NextAsync("a child on the new session"))!.Children);
    }
}
