namespace Tracker.Heron.State;

internal sealed partial class ZooKeeperStateManager
{
    [LoggerMessage(Level = LogLevel.Information, Message = "ZooKeeper state manager {StateManager} watching {HostPort} at {Root}")]
    private partial void LogStarting(string stateManager, string hostPort, string root);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ZooKeeper state manager {StateManager}: no complete read within {Wait}; serving while it goes on")]
    private partial void LogFirstSyncSlow(string stateManager, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ZooKeeper state manager {StateManager}: cannot connect and read; retrying")]
    private partial void LogConnectFailed(Exception exception, string stateManager);

    [LoggerMessage(Level = LogLevel.Information, Message = "ZooKeeper state manager {StateManager}: connection {State} {Server}: {Cause}")]
    private partial void LogConnectionState(string stateManager, string state, string server, string cause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ZooKeeper state manager {StateManager}: an update failed")]
    private partial void LogUpdateFailed(Exception exception, string stateManager);
}
