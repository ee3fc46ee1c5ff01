namespace Tracker.ZooKeeper;

/// <summary>What fired a one-shot watch.</summary>
public enum WatchEventType
{
    NodeCreated = 1,
    NodeDeleted = 2,
    NodeDataChanged = 3,
    NodeChildrenChanged = 4,

    /// <summary>
    /// The watch will never fire: its session expired or the client was closed. Read again (on the new
    /// session) to learn the current state and to watch again.
    /// </summary>
    WatchLost = 100,
}

/// <summary>A watch notification; <see cref="Path"/> is relative to the client's chroot.</summary>
public sealed record WatchedEvent(WatchEventType Type, string Path);
