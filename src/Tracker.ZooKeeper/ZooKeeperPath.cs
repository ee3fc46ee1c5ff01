namespace Tracker.ZooKeeper;

/// <summary>Checks and joins znode paths the way the server expects them.</summary>
public static class ZooKeeperPath
{
    public static string Combine(string parent, string child)
        => parent.EndsWith('/') ? parent + child : parent + "/" + child;
}
