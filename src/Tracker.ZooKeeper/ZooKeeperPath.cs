namespace Tracker.ZooKeeper;

/// <summary>Checks and joins znode paths the way the server expects them.</summary>
public static class ZooKeeperPath
{
    public static string Combine(string parent, string child)
        => parent.EndsWith('/') ? parent + child : parent + "/" + child;

    /// <summary>The parent of <paramref name="path"/> (<c>/</c> for a top-level znode).</summary>
    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    /// <summary>
    /// Rejects what can never name a znode: no leading '/', a trailing '/', empty segments, control
    /// characters. Further rules (such as '.' segments) are left to the server, which answers BadArguments.
    /// </summary>
    public static void Validate(string path, bool sequential = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path[0] != '/')
        {
            throw new ArgumentException($"A znode path starts with '/': '{path}'.", nameof(path));
        }

        if (path.Length == 1)
        {
            return;
        }

        if (path[^1] == '/' && !sequential)
        {
            throw new ArgumentException($"A znode path does not end with '/': '{path}'.", nameof(path));
        }

        for (var i = 1; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '/' && path[i - 1] == '/')
            {
                throw new ArgumentException($"Empty segment in the znode path '{path}'.", nameof(path));
            }

            if (c == '\0' || char.IsControl(c))
            {
                throw new ArgumentException($"Control character in the znode path '{path}'.", nameof(path));
            }
        }
    }
}
