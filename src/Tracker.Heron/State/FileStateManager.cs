using System.Security.Cryptography;
using Google.Protobuf;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.State;

/// <summary>
/// Heron's local file system state: <c>{root}/topologies/{name}</c> lists the topologies and
/// <c>{root}/{pplans|packingplans|executionstate|tmanagers|schedulers}/{name}</c> hold their
/// states as plain serialized messages. File system events trigger a rescan at once; a poll
/// every <see cref="HeronOptions.FilePollInterval"/> catches what events miss (the reference
/// polled every 5 s). A missing file means "absent" (the reference delivered an empty message, §7.9).
/// </summary>
internal sealed partial class FileStateManager : IStateManager
{
    private readonly TopologyRegistry _registry;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _time;
    private readonly ILogger<FileStateManager> _logger;
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<(string Topology, StateKind Kind), FileVersion> _seen = [];
    private HashSet<string> _names = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;
    private Task _loop = Task.CompletedTask;

    private readonly bool _useEvents;

    public FileStateManager(StateManagerOptions options, TimeSpan pollInterval, bool useEvents, TopologyRegistry registry, TimeProvider time, ILogger<FileStateManager> logger)
    {
        _useEvents = useEvents;
        Name = options.Name;
        Root = StateRoot.ExpandHome(options.RootPath);
        _pollInterval = pollInterval;
        _registry = registry;
        _time = time;
        _logger = logger;
    }

    public string Name { get; }

    /// <summary>The root directory after <c>~</c> expansion.</summary>
    public string Root { get; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogStarting(Name, Root);
        Scan();
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _watcher?.Dispose();
        await _loop;
        _stopping.Dispose();
        _changed.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(_pollInterval);
                try
                {
                    await _changed.WaitAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    // The poll interval passed without a file system event: look anyway.
                }

                Scan();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // One failing scan (a vanished directory, a permission problem) must not end watching.
                LogScanFailed(e, Name);
            }
        }
    }

    private void Scan()
    {
        EnsureWatcher();
        var names = ListTopologies();
        if (!names.SetEquals(_names))
        {
            foreach (var gone in _names.Except(names))
            {
                foreach (var kind in StateLayout.Kinds)
                {
                    _seen.Remove((gone, kind));
                }
            }

            _names = names;
            _registry.SetTopologyNames(Name, names);
        }

        foreach (var name in names)
        {
            foreach (var kind in StateLayout.Kinds)
            {
                ReadState(name, kind);
            }
        }
    }

    private HashSet<string> ListTopologies()
    {
        var directory = Path.Combine(Root, StateLayout.Topologies);
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
            {
                names.Add(file.Name);
            }
        }
        catch (DirectoryNotFoundException)
        {
            // No topologies directory yet: nothing has been submitted to this root.
        }

        return names;
    }

    private void ReadState(string topology, StateKind kind)
    {
        var file = new FileInfo(Path.Combine(Root, StateLayout.Directory(kind), topology));
        if (kind == StateKind.TManagerLocation && !file.Exists)
        {
            file = new FileInfo(Path.Combine(Root, StateLayout.LegacyTManagerDirectory, topology));
        }

        var key = (topology, kind);
        _seen.TryGetValue(key, out var previous);
        if (!file.Exists)
        {
            if (previous is null || previous.Exists)
            {
                _seen[key] = FileVersion.Missing;
                _registry.SetState(Name, topology, kind, null);
            }

            return;
        }

        // Length and modification time are a cheap first check; the bytes decide.
        if (previous is { Exists: true } && previous.Length == file.Length && previous.Modified == file.LastWriteTimeUtc && previous.Path == file.FullName)
        {
            return;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file.FullName);
        }
        catch (FileNotFoundException)
        {
            return;
        }
        catch (IOException e)
        {
            LogReadFailed(e, Name, file.FullName);
            return;
        }

        // A digest, not the bytes: the state is held once, by the registry.
        var version = new FileVersion(true, file.FullName, bytes.Length, file.LastWriteTimeUtc, SHA256.HashData(bytes));
        if (previous?.Digest is { } before && before.AsSpan().SequenceEqual(version.Digest) && previous.Path == file.FullName)
        {
            _seen[key] = version;
            return;
        }

        _seen[key] = version;
        object state;
        try
        {
            state = TopologyStates.Parse(kind, bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            // Possibly caught mid-write; the finished write changes length or time and is read again.
            LogParseFailed(e, Name, file.FullName);
            return;
        }

        _registry.SetState(Name, topology, kind, state);
    }

    private void EnsureWatcher()
    {
        if (!_useEvents || _watcher is not null || !Directory.Exists(Root))
        {
            return;
        }

        try
        {
            var watcher = new FileSystemWatcher(Root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += (_, _) => Signal();
            watcher.Created += (_, _) => Signal();
            watcher.Deleted += (_, _) => Signal();
            watcher.Renamed += (_, _) => Signal();
            watcher.Error += (_, e) =>
            {
                // An overflowed event buffer loses events, not changes: rescan everything.
                LogWatcherFailed(e.GetException(), Name);
                Signal();
            };
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            // Out of inotify watches and the like: polling still finds every change.
            LogWatcherFailed(e, Name);
        }
    }

    private void Signal()
    {
        try
        {
            if (_changed.CurrentCount == 0)
            {
                _changed.Release();
            }
        }
        catch (Exception e) when (e is SemaphoreFullException or ObjectDisposedException)
        {
            // Already signalled, or stopping.
        }
    }

    private sealed record FileVersion(bool Exists, string Path, long Length, DateTime Modified, byte[]? Digest)
    {
        public static FileVersion Missing { get; } = new(false, "", 0, default, null);
    }
}
