namespace Tracker.ZooKeeper;

/// <summary>A znode's Stat as the server keeps it: transaction ids, times (ms since the epoch) and versions.</summary>
public sealed record ZNodeStat(
    long Czxid,
    long Mzxid,
    long Ctime,
    long Mtime,
    int Version,
    int Cversion,
    int Aversion,
    long EphemeralOwner,
    int DataLength,
    int NumChildren,
    long Pzxid)
{
    public DateTimeOffset Created => DateTimeOffset.FromUnixTimeMilliseconds(Ctime);

    public DateTimeOffset Modified => DateTimeOffset.FromUnixTimeMilliseconds(Mtime);

    /// <summary>True for an ephemeral znode, which belongs to the session <see cref="EphemeralOwner"/>.</summary>
    public bool IsEphemeral => EphemeralOwner != 0;
}

/// <summary>A znode's data with the Stat it was read at.</summary>
public sealed record ZNodeData(byte[] Data, ZNodeStat Stat);

/// <summary>A znode's children (names, not paths) with the parent's Stat.</summary>
public sealed record ZNodeChildren(IReadOnlyList<string> Children, ZNodeStat Stat);
