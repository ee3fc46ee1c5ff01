namespace Tracker.ZooKeeper;

/// <summary>
/// The id of every log event this assembly writes, in one place so no two events share one and operators can
/// filter on them (5001-5999; the ids already in use when this list was made were kept).
/// </summary>
internal static class EventIds
{
    // Diagnostics/ClientDiagnostics.cs
    public const int AuthFailed = 5101;
    public const int ConnectFailed = 5102;
    public const int SessionExpired = 5103;
    public const int SessionEstablished = 5104;
    public const int ConnectionLost = 5105;
    public const int CallbackFailed = 5106;
    public const int ReadFailed = 5107;
}
