using Tracker.Heron.Topologies;

namespace Tracker.Heron.State;

/// <summary>
/// Heron's local file system state: <c>{root}/topologies/{name}</c> lists the topologies and
/// <c>{root}/{pplans|packingplans|executionstate|tmanagers|tmasters|schedulers}/{name}</c> hold
/// their states as plain serialized messages. File system events trigger a rescan at once
/// (<see cref="FileChangeSignal"/>); a poll every <see cref="HeronOptions.FilePollInterval"/>
/// catches what events miss (the reference polled every 5 s). Each scan
/// (<see cref="FileStateScanner"/>) reports what changed to the <see cref="StateReducer"/>. A missing
/// file means "absent" (the reference delivered an empty message, §7.9).
/// </summary>
internal sealed partial class FileStateManager : IStateManager
{
    private readonly TimeSpan _pollInterval;
    private readonly CancellationTokenSource _stopping = new();
    private readonly FileChangeSignal _changes;
    private readonly FileStateScanner _scanner;
    private readonly ILogger<FileStateManager> _logger;
    private Task _loop = Task.CompletedTask;
    private volatile bool _scanned;
    private volatile string? _scanFailure;

    public FileStateManager(StateManagerOptions options, TimeSpan pollInterval, bool useEvents, TopologyRegistry registry, ILogger<FileStateManager> logger)
    {
        Name = options.Name;
        Root = StateRoot.ExpandHome(options.RootPath);
        _pollInterval = pollInterval;
        _logger = logger;

        var root = Path.GetFullPath(Root);
        var reducer = new StateReducer(Name, registry, logger, (source, topology) => Path.Combine(root, source.Directory, topology));
        _scanner = new FileStateScanner(Name, root, reducer, logger);
        _changes = new FileChangeSignal(Root, useEvents, Name, logger);
    }

    public string Name { get; }

    /// <summary>The root directory after <c>~</c> expansion.</summary>
    public string Root { get; }

    /// <summary>Connected while the last scan worked; caught up once one scan completed.</summary>
    public StateManagerStatus Status => _scanFailure is { } failure
        ? new StateManagerStatus(false, _scanned, null, $"{Root}: the last scan failed: {failure}")
        : new StateManagerStatus(_scanned, _scanned, null, _scanned ? $"{Root}: scanned" : $"{Root}: first scan pending");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogStarting(Name, Root);
        Scan();
        ScanSucceeded();
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        _changes.Dispose();
        _stopping.Dispose();
    }

    /// <summary>One look at the whole root (tests call it directly to decide when the directories are read).</summary>
    internal void Scan()
    {
        _changes.EnsureWatching();
        _scanner.Scan();
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                // False when the poll interval passed without a file system event: look anyway.
                await _changes.WaitAsync(_pollInterval, token);
                Scan();
                ScanSucceeded();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // One failing scan (a vanished directory, a permission problem) must not end watching.
                LogScanFailed(e, Name);
                _scanFailure = e.Message;
            }
        }
    }

    private void ScanSucceeded()
    {
        _scanned = true;
        _scanFailure = null;
    }

    [LoggerMessage(EventId = EventIds.FileStateStarting, Level = LogLevel.Information, Message = "File state manager {StateManager} watching {Root}")]
    private partial void LogStarting(string stateManager, string root);

    [LoggerMessage(EventId = EventIds.ScanFailed, Level = LogLevel.Warning, Message = "File state manager {StateManager}: a scan failed; retrying at the next change or poll")]
    private partial void LogScanFailed(Exception exception, string stateManager);
}
