namespace Tracker.Heron;

/// <summary>
/// The id of every log event this assembly writes, in one place so no two events share one and operators can
/// filter on them (4001-4999; the ids already in use when this list was made were kept).
/// </summary>
internal static class EventIds
{
    // Metrics/TManagerClient.cs
    public const int TManagerUnreachable = 4001;
    public const int TManagerTimedOut = 4002;
    public const int TManagerRefused = 4003;

    // Shell/HeronShellClient.cs
    public const int HeronShellUnreachable = 4004;
    public const int HeronShellTimedOut = 4005;
    public const int HeronShellRefused = 4006;

    // State/FileChangeSignal.cs
    public const int WatcherFailed = 4007;

    // State/FileStateManager.cs
    public const int FileStateStarting = 4008;
    public const int ScanFailed = 4009;

    // State/FileStateScanner.cs
    public const int ReadFailed = 4010;

    // State/StateManagerService.cs
    public const int Started = 4011;

    // State/StateReducer.cs
    public const int ParseFailed = 4012;

    // State/ZooKeeperStateManager.Log.cs
    public const int ZooKeeperStateStarting = 4013;
    public const int FirstSyncSlow = 4014;
    public const int ConnectFailed = 4015;
    public const int ConnectionState = 4016;
    public const int UpdateFailed = 4017;

    // Topologies/TopologyRegistry.cs
    public const int TopologyAdded = 4018;
    public const int TopologyRemoved = 4019;
}
