namespace Tracker.Heron.State;

internal sealed partial class FileStateManager
{
    [LoggerMessage(Level = LogLevel.Information, Message = "File state manager {StateManager} watching {Root}")]
    private partial void LogStarting(string stateManager, string root);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File state manager {StateManager}: a scan failed; retrying at the next change or poll")]
    private partial void LogScanFailed(Exception exception, string stateManager);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File state manager {StateManager}: cannot read {File}")]
    private partial void LogReadFailed(Exception exception, string stateManager, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File state manager {StateManager}: {File} is not a valid message; keeping the previous state")]
    private partial void LogParseFailed(Exception exception, string stateManager, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File state manager {StateManager}: file system events unavailable; relying on polling")]
    private partial void LogWatcherFailed(Exception exception, string stateManager);
}
