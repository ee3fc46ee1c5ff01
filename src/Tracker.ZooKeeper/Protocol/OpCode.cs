namespace Tracker.ZooKeeper.Protocol;

/// <summary>Request types of ZooKeeper's RequestHeader (ZooDefs.OpCode).</summary>
internal enum OpCode
{
    Create = 1,
    Delete = 2,
    Exists = 3,
    GetData = 4,
    SetData = 5,
    GetChildren = 8,
    Ping = 11,
    GetChildren2 = 12,
    Auth = 100,
    SetWatches = 101,
    CloseSession = -11,
}

/// <summary>The xids the server reserves for frames that are not replies to numbered requests.</summary>
internal static class SpecialXid
{
    public const int Notification = -1;
    public const int Ping = -2;
    public const int Auth = -4;
    public const int SetWatches = -8;
}
