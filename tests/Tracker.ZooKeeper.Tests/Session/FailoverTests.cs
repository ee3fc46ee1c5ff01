using System.Text;
using Tracker.ZooKeeper.Recipes;
using Tracker.ZooKeeper.Tests.Infrastructure;

namespace Tracker.ZooKeeper.Tests.Session;

/// <summary>Failover between members of a private three-node ensemble (destructive, so not the shared one).</summary>
public sealed class FailoverTests
{
    private static readonly int[] Ports = [22471, 22472, 22473];

    [Fact]
    public async Task StoppedMember_TheClientResumesItsSessionOnAnother()
    {
        var members = await PrivateServer.StartEnsembleAsync("zklib-ens", Ports);
        try
        {
            var servers = string.Join(',', members.Select(m => m.Address));
            await using var tree = await TestTree.CreateAsync(servers);
            // A longer session than elsewhere: if the leader is the one stopped, the election must fit in it.
            var zk = await tree.ConnectAsync(o => o with { SessionTimeout = TimeSpan.FromSeconds(10) });
            var writer = await tree.ConnectAsync(o => o with { SessionTimeout = TimeSpan.FromSeconds(10) });
            var states = zk.RecordStates();
            var session = zk.SessionId;
            await zk.CreateAsync("/plan", Encoding.UTF8.GetBytes("v1"));
            await zk.CreateAsync("/owner", [], CreateMode.Ephemeral);
            await using var node = new NodeCache(zk, "/plan");
            var changes = new Recorder<ZNodeData?>();
            node.Changed += (_, d) => changes.Add(d);
            await node.StartAsync();
            var connected = zk.ConnectedServer!;

            await members.Single(m => m.Port == connected.Port).StopAsync();

            await states.NextAsync(s => s == ZooKeeperState.Disconnected, "Disconnected");
            await states.NextAsync(s => s == ZooKeeperState.Reconnected, "Reconnected", TimeSpan.FromSeconds(30));
            Assert.Equal(session, zk.SessionId);
            Assert.NotEqual(connected.Port, zk.ConnectedServer!.Port);
            Assert.Equal(session, (await zk.ExistsAsync("/owner"))!.EphemeralOwner);

            await RetryOnConnectionLossAsync(() => writer.SetDataAsync("/plan", Encoding.UTF8.GetBytes("v2")));
            Assert.Equal("v2", Encoding.UTF8.GetString((await changes.NextAsync("a change after failover"))!.Data));
        }
        finally
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }
        }
    }

    /// <summary>The writer may have been on the stopped member too; what it sent then may need sending again.</summary>
    private static async Task RetryOnConnectionLossAsync(Func<Task> write)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await write();
                return;
            }
            catch (ConnectionLossException) when (attempt < 5)
            {
            }
        }
    }
}
