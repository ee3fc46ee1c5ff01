namespace Tracker.ZooKeeper.Tests.Infrastructure;

internal static class ClientStates
{
    /// <summary>Records every state the client reports from now on.</summary>
    public static Recorder<ZooKeeperState> RecordStates(this ZooKeeperClient zk)
    {
        var states = new Recorder<ZooKeeperState>();
        zk.StateChanged += (_, s) => states.Add(s.State);
        return states;
    }

    /// <summary>
    /// Cuts the client off: refuses new connections, drops the open ones, and waits until the client has
    /// noticed; it stays away until <see cref="FaultRelay.Accept"/>.
    /// </summary>
    public static async Task CutOffAsync(this FaultRelay relay, Recorder<ZooKeeperState> states)
    {
        relay.Cut();
        await states.NextAsync(s => s == ZooKeeperState.Disconnected, "Disconnected");
    }
}
