using System.Text;
using Tracker.ZooKeeper.Tests.Infrastructure;

namespace Tracker.ZooKeeper.Tests.Session;

/// <summary>The only server restarts while recipes watch it (a private server, so the shared one stays up).</summary>
public sealed class ServerRestartTests
{
    private const int Port = 22481;

    [Fact]
    public async Task ServerRestart_TheRecipesReportWhatChangedWhileTheyWereCutOff()
    {
        await using var server = await PrivateServer.StartFreshAsync("zklib-restart", Port);
        await using var tree = await TestTree.CreateAsync(server.Address);
        // The watching client goes through a relay, so it can be kept away after the restart while a
        // writer changes the tree: those are changes it must learn about when it is back.
        await using var proxy = new FaultRelay(server.Address);
        var zk = await tree.ConnectThroughAsync(proxy);
        var states = zk.RecordStates();
        await zk.CreateAsync("/tmanager", Encoding.UTF8.GetBytes("host-1:9000"));
        await zk.CreateAsync("/topologies", []);
        await using var recipes = await WatchedRecipes.StartAsync(zk, "/tmanager", "/topologies");

        await server.StopAsync();
        await states.NextAsync(s => s == ZooKeeperState.Disconnected, "Disconnected");
        proxy.Refuse();
        await server.StartAsync();
        await using (var writer = await tree.ConnectAsync())
        {
            await writer.SetDataAsync("/tmanager", Encoding.UTF8.GetBytes("host-2:9000"));
            await writer.CreateAsync("/topologies/word-count", []);
        }

        proxy.Accept();

        Assert.Equal("host-2:9000", Encoding.UTF8.GetString((await recipes.NodeChanges.NextAsync("the data changed during the outage"))!.Data));
        Assert.Equal(["word-count"], (await recipes.ChildChanges.NextAsync("the child added during the outage"))!.Children);
        Assert.Contains(states.All, s => s is ZooKeeperState.Reconnected or ZooKeeperState.Connected);

        // Watching goes on after the restart.
        await zk.DeleteAsync("/tmanager");
        Assert.Null(await recipes.NodeChanges.NextAsync("the deletion after the restart"));
        Assert.Null(recipes.Node.Current);
    }
}
