namespace Tracker.Heron.State;

internal sealed partial class ZooKeeperStateManager
{
    [LoggerMessage(EventId = EventIds.ZooKeeperStateStarting, Level = LogLevel.Information, Message = "ZooKeeper state manager {StateManager} watching {HostPort} at {Root}")]
    private partial void LogStarting(string stateManager, string hostPort, string root);

    [LoggerMessage(EventId = EventIds.FirstSyncSlow, Level = LogLevel.Warning, Message = "ZooKeeper state manager {StateManager}: no complete read within {Wait}; serving while it goes on")]
    private partial void LogFirstSyncSlow(string stateManager, TimeSpan wait);

    [LoggerMessage(EventId = EventIds.ConnectFailed, Level = LogLevel.Warning, Message = "ZooKeeper state manager {StateManager}: cannot connect and read; retrying")]
    private partial void LogConnectFailed(Exception exception, string stateManager);

    [LoggerMessage(EventId = EventIds.ConnectionState, Level = LogLevel.Information, Message = "ZooKeeper state manager {StateManager}: connection {State} {Server}: {Cause}")]
    private partial void LogConnectionState(string stateManager, string state, string server, string cause);

    [LoggerMessage(EventId = EventIds.UpdateFailed, Level = LogLevel.Warning, Message = "ZooKeeper state manager {StateManager}: an update failed")]
    private partial void LogUpdateFailed(Exception exception, string stateManager);
}
