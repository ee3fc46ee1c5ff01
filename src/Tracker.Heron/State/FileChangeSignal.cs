namespace Tracker.Heron.State;

/// <summary>
/// File system events under a state root, folded into one "something changed" signal that the
/// scan loop waits for. Events say only that a rescan is worth it, never what changed: the scan
/// compares everything, so a lost or overflowed event costs at most a poll interval.
/// </summary>
internal sealed partial class FileChangeSignal(string root, bool useEvents, string stateManager, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly ILogger _logger = logger;
    private FileSystemWatcher? _watcher;

    /// <summary>
    /// Starts watching once the root exists (it may be created after the tracker starts); a no-op
    /// once watching, with events off, or while the root is missing.
    /// </summary>
    public void EnsureWatching()
    {
        if (!useEvents || _watcher is not null || !Directory.Exists(root))
        {
            return;
        }

        try
        {
            var watcher = new FileSystemWatcher(root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += (_, _) => Signal();
            watcher.Created += (_, _) => Signal();
            watcher.Deleted += (_, _) => Signal();
            watcher.Renamed += (_, _) => Signal();
            watcher.Error += (_, e) =>
            {
                // An overflowed event buffer loses events, not changes: rescan everything.
                LogWatcherFailed(e.GetException(), stateManager);
                Signal();
            };
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            // Out of inotify watches and the like: polling still finds every change.
            LogWatcherFailed(e, stateManager);
        }
    }

    /// <summary>
    /// Waits for an event or for <paramref name="timeout"/>, whichever comes first. A timeout
    /// returns rather than throws, which keeps the idle poll free of exceptions (the first throw
    /// alone took over a second in a cold process).
    /// </summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _changed.WaitAsync(timeout, cancellationToken);

    public void Dispose()
    {
        _watcher?.Dispose();
        _changed.Dispose();
    }

    private void Signal()
    {
        try
        {
            if (_changed.CurrentCount == 0)
            {
                _changed.Release();
            }
        }
        catch (Exception e) when (e is SemaphoreFullException or ObjectDisposedException)
        {
            // Already signalled, or stopping.
        }
    }

    [LoggerMessage(EventId = EventIds.WatcherFailed, Level = LogLevel.Warning, Message = "File state manager {StateManager}: file system events unavailable; relying on polling")]
    private partial void LogWatcherFailed(Exception exception, string stateManager);
}
