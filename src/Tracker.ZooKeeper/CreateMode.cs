namespace Tracker.ZooKeeper;

/// <summary>The kind of znode to create (the flags of CreateRequest).</summary>
public enum CreateMode
{
    Persistent = 0,

    /// <summary>Removed by the server when the creating session ends.</summary>
    Ephemeral = 1,

    /// <summary>The server appends a ten-digit, monotonically increasing counter to the name.</summary>
    PersistentSequential = 2,

    EphemeralSequential = 3,
}
