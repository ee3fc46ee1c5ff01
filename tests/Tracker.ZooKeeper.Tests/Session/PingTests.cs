using Tracker.ZooKeeper.Tests.Infrastructure;

namespace Tracker.ZooKeeper.Tests.Session;

public sealed class PingTests
{
    [Fact]
    public async Task IdleClient_KeepsItsSessionThroughSeveralTimeouts()
    {
        await using var tree = await TestTree.CreateAsync();
        var zk = await tree.ConnectAsync(o => o with { SessionTimeout = TimeSpan.FromSeconds(3) });
        var other = await tree.ConnectAsync();
        var states = zk.RecordStates();
        await zk.CreateAsync("/alive", [], CreateMode.Ephemeral);
        Assert.Equal(TimeSpan.FromSeconds(3), zk.SessionTimeout);

        // Idling is the behaviour under test: without pings the server would expire the session after 3 s.
        await Task.Delay(TimeSpan.FromSeconds(7));

        Assert.Equal(zk.SessionId, (await other.ExistsAsync("/alive"))!.EphemeralOwner);
        Assert.Empty(states.All);
    }
}
