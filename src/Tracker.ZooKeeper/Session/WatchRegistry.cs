namespace Tracker.ZooKeeper.Session;

internal enum WatchKind
{
    /// <summary>Set by getData, or by exists on a znode that exists.</summary>
    Data,

    /// <summary>Set by exists on a znode that does not exist.</summary>
    Exist,

    /// <summary>Set by getChildren.</summary>
    Child,
}

internal sealed record WatchRegistration(WatchKind Kind, string Path, Action<WatchedEvent> Watcher);

/// <summary>
/// The client's side of one-shot watches, keyed by client path. The server keeps one watch per path and
/// kind for the session; this registry fans a notification out to every local watcher and forgets them,
/// and lists the paths to re-register (SetWatches) after a reconnect.
/// </summary>
internal sealed class WatchRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<Action<WatchedEvent>>> _data = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<Action<WatchedEvent>>> _exist = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<Action<WatchedEvent>>> _child = new(StringComparer.Ordinal);

    public void Add(WatchRegistration registration)
    {
        var map = registration.Kind switch
        {
            WatchKind.Data => _data,
            WatchKind.Exist => _exist,
            _ => _child,
        };
        lock (_gate)
        {
            if (!map.TryGetValue(registration.Path, out var watchers))
            {
                map[registration.Path] = watchers = [];
            }

            watchers.Add(registration.Watcher);
        }
    }

    /// <summary>Removes and returns the watchers a notification of <paramref name="type"/> on <paramref name="path"/> fires.</summary>
    public List<Action<WatchedEvent>> Take(WatchEventType type, string path)
    {
        var fired = new List<Action<WatchedEvent>>();
        lock (_gate)
        {
            switch (type)
            {
                case WatchEventType.NodeCreated:
                case WatchEventType.NodeDataChanged:
                    Move(_data, path, fired);
                    Move(_exist, path, fired);
                    break;
                case WatchEventType.NodeChildrenChanged:
                    Move(_child, path, fired);
                    break;
                case WatchEventType.NodeDeleted:
                    Move(_data, path, fired);
                    Move(_exist, path, fired);
                    Move(_child, path, fired);
                    break;
            }
        }

        return fired;
    }

    /// <summary>Removes every watcher (the session expired or the client closed) with the path it watched.</summary>
    public List<(string Path, Action<WatchedEvent> Watcher)> TakeAll()
    {
        var all = new List<(string, Action<WatchedEvent>)>();
        lock (_gate)
        {
            foreach (var map in new[] { _data, _exist, _child })
            {
                foreach (var (path, watchers) in map)
                {
                    all.AddRange(watchers.Select(w => (path, w)));
                }

                map.Clear();
            }
        }

        return all;
    }

    /// <summary>Forgets a watcher locally; the server's watch, if any, fires later into nothing.</summary>
    public void Remove(string path, Action<WatchedEvent> watcher)
    {
        lock (_gate)
        {
            foreach (var map in new[] { _data, _exist, _child })
            {
                if (map.TryGetValue(path, out var watchers) && watchers.Remove(watcher) && watchers.Count == 0)
                {
                    map.Remove(path);
                }
            }
        }
    }

    public (List<string> Data, List<string> Exist, List<string> Child) Paths()
    {
        lock (_gate)
        {
            return ([.. _data.Keys], [.. _exist.Keys], [.. _child.Keys]);
        }
    }

    private static void Move(Dictionary<string, HashSet<Action<WatchedEvent>>> map, string path, List<Action<WatchedEvent>> fired)
    {
        if (map.Remove(path, out var watchers))
        {
            fired.AddRange(watchers);
        }
    }
}
