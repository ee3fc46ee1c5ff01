namespace Tracker.Heron.State;

internal sealed partial class FileStateManager
{
    private volatile bool _scanned;
    private volatile string? _scanFailure;

    /// <summary>Connected while the last scan worked; caught up once one scan completed.</summary>
    public StateManagerStatus Status => _scanFailure is { } failure
        ? new StateManagerStatus(false, _scanned, null, $"{Root}: the last scan failed: {failure}")
        : new StateManagerStatus(_scanned, _scanned, null, _scanned ? $"{Root}: scanned" : $"{Root}: first scan pending");

    private void ScanSucceeded()
    {
        _scanned = true;
        _scanFailure = null;
    }
}
