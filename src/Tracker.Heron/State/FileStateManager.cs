using System.IO.Enumeration;
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
    // Hidden files count too, as they did with DirectoryInfo.EnumerateFiles() (the default options skip them).
    private static readonly EnumerationOptions Everything = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    private readonly TopologyRegistry _registry;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _time;
    private readonly ILogger<FileStateManager> _logger;
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _topologies;
    private readonly string _legacyTManagers;
    // Per kind, indexed by its value.
    private readonly StateDirectory[] _directories;
    private readonly FileSystemEnumerable<NameEntry>.FindTransform _listTopology;
    private readonly List<string> _listed = [];
    private HashSet<string> _names = new(StringComparer.Ordinal);
    private HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _knownNames;
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

        var root = Path.GetFullPath(Root);
        _topologies = Path.Combine(root, StateLayout.Topologies);
        _legacyTManagers = Path.Combine(root, StateLayout.LegacyTManagerDirectory);
        _knownNames = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        _listTopology = ListTopology;
        _directories = new StateDirectory[StateLayout.Kinds.Count];
        foreach (var kind in StateLayout.Kinds)
        {
            _directories[(int)kind] = new StateDirectory(kind, Path.Combine(root, StateLayout.Directory(kind)), (ref FileSystemEntry entry) => Compare(kind, ref entry));
        }
    }

    public string Name { get; }

    /// <summary>The root directory after <c>~</c> expansion.</summary>
    public string Root { get; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogStarting(Name, Root);
        Scan();
        ScanSucceeded();
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
                // False when the poll interval passed without a file system event: look anyway.
                // A timeout that returns rather than throws keeps the idle poll free of exceptions,
                // whose first throw alone took over a second in a cold process.
                await _changed.WaitAsync(_pollInterval, token);
                Scan();
                ScanSucceeded();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // One failing scan (a vanished directory, a permission problem) must not end watching.
                LogScanFailed(e, Name);
                _scanFailure = e.Message;
            }
        }
    }

    /// <summary>
    /// One look at the whole root. Most scans are polls that find nothing changed, so the usual
    /// path compares directory entries with what was last seen without creating a string or a
    /// <see cref="FileInfo"/> per file: its cost is a few directory enumerators per scan, however
    /// many topologies there are.
    /// </summary>
    internal void Scan()
    {
        EnsureWatcher();
        var added = UpdateTopologyNames();
        foreach (var name in added)
        {
            // Everything about a new topology is read by name, so each of its states is recorded
            // (absent ones too) before the directory comparison below relies on that record.
            foreach (var kind in StateLayout.Kinds)
            {
                ReadState(name, kind);
            }
        }

        foreach (var directory in _directories)
        {
            if (directory.Kind == StateKind.TManagerLocation && Directory.Exists(_legacyTManagers))
            {
                // A tmasters file counts only while tmanagers has none for the topology: that
                // per-name rule is what ReadState implements, so the comparison is left to it.
                ReadEachTopology(directory.Kind);
            }
            else
            {
                ScanDirectory(directory);
            }
        }
    }

    /// <summary>
    /// Lists <c>{root}/topologies</c> and publishes the names when they changed. Known names are
    /// matched as spans; only when the set differs is a new one built. Returns the added names.
    /// </summary>
    private IReadOnlyCollection<string> UpdateTopologyNames()
    {
        _listed.Clear();
        var unknown = false;
        foreach (var name in Enumerate(_topologies, _listTopology))
        {
            unknown |= name.Known is null;
            _listed.Add(name.Known ?? name.Unknown!);
        }

        // Names in a directory are unique, so as many names as before, all known, is the same set.
        if (!unknown && _listed.Count == _names.Count)
        {
            return [];
        }

        var names = new HashSet<string>(_listed, StringComparer.Ordinal);
        foreach (var gone in _names.Except(names))
        {
            foreach (var directory in _directories)
            {
                directory.Seen.Remove(gone);
            }
        }

        var added = names.Except(_names).ToList();
        _names = names;
        _knownNames = names.GetAlternateLookup<ReadOnlySpan<char>>();
        _registry.SetTopologyNames(Name, names);
        return added;
    }

    private NameEntry ListTopology(ref FileSystemEntry entry)
        => _knownNames.TryGetValue(entry.FileName, out var name) ? new NameEntry(name, null) : new NameEntry(null, entry.FileName.ToString());

    /// <summary>
    /// Compares one state directory with the versions last seen: changed or new files of known
    /// topologies are read, unchanged ones cost no allocation, and vanished ones are found by
    /// counting (see <see cref="ReadMissing"/>).
    /// </summary>
    private void ScanDirectory(StateDirectory directory)
    {
        var seen = directory.Seen;
        var present = 0;
        foreach (var entry in Enumerate(directory.Path, directory.Compare))
        {
            if (entry.Topology is null)
            {
                continue;
            }

            if (entry.Unchanged)
            {
                present++;
                continue;
            }

            ReadState(entry.Topology, directory.Kind);
            if (seen.TryGetValue(entry.Topology, out var version) && version.Exists)
            {
                // Counted only once recorded: a file that could not be read stays unaccounted for.
                present++;
            }
        }

        // Every known file found here was counted; any other known file seen last time has gone.
        if (present != CountExisting(seen))
        {
            ReadMissing(directory.Kind);
        }
    }

    private EntryVersion Compare(StateKind kind, ref FileSystemEntry entry)
    {
        if (!_knownNames.TryGetValue(entry.FileName, out var topology))
        {
            // Not (or not yet) a listed topology: ignored, as Heron's own tracker did.
            return default;
        }

        var unchanged = Seen(kind).GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(entry.FileName, out var version)
            && version.IsSameFile(entry.Length, entry.LastWriteTimeUtc.UtcDateTime, legacy: false);
        return new EntryVersion(topology, unchanged);
    }

    private static int CountExisting(Dictionary<string, FileVersion> seen)
    {
        var count = 0;
        foreach (var version in seen.Values)
        {
            if (version.Exists)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Rare (a state file was deleted): finds which by name, so the registry hears "absent" once.</summary>
    private void ReadMissing(StateKind kind)
    {
        // Listed first: ReadState records what it finds in the dictionary being looked through.
        var present = Seen(kind).Where(seen => seen.Value.Exists).Select(seen => seen.Key).ToList();
        foreach (var name in present)
        {
            ReadState(name, kind);
        }
    }

    private void ReadEachTopology(StateKind kind)
    {
        foreach (var name in _names)
        {
            ReadState(name, kind);
        }
    }

    /// <summary>
    /// The files (not subdirectories) of <paramref name="directory"/>, hidden ones included as
    /// <see cref="DirectoryInfo.EnumerateFiles()"/> did; nothing when the directory does not exist.
    /// </summary>
    private static IEnumerable<T> Enumerate<T>(string directory, FileSystemEnumerable<T>.FindTransform transform)
    {
        // A state directory is created by the first topology that writes one: missing is normal,
        // and checking first avoids an exception per poll until then.
        if (!Directory.Exists(directory))
        {
            return [];
        }

        try
        {
            return new FileSystemEnumerable<T>(directory, transform, Everything) { ShouldIncludePredicate = IsFile };
        }
        catch (DirectoryNotFoundException)
        {
            // Removed since the check: the same as not there.
            return [];
        }
    }

    private static bool IsFile(ref FileSystemEntry entry) => !entry.IsDirectory;

    private Dictionary<string, FileVersion> Seen(StateKind kind) => _directories[(int)kind].Seen;

    private void ReadState(string topology, StateKind kind)
    {
        var file = new FileInfo(Path.Combine(Root, StateLayout.Directory(kind), topology));
        var legacy = false;
        if (kind == StateKind.TManagerLocation && !file.Exists)
        {
            file = new FileInfo(Path.Combine(Root, StateLayout.LegacyTManagerDirectory, topology));
            legacy = true;
        }

        var seen = Seen(kind);
        seen.TryGetValue(topology, out var previous);
        if (!file.Exists)
        {
            if (!seen.ContainsKey(topology) || previous.Exists)
            {
                seen[topology] = FileVersion.Missing;
                _registry.SetState(Name, topology, kind, null);
            }

            return;
        }

        // Length and modification time are a cheap first check; the bytes decide.
        if (previous.IsSameFile(file.Length, file.LastWriteTimeUtc, legacy))
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
        var version = new FileVersion(bytes.Length, file.LastWriteTimeUtc, SHA256.HashData(bytes), legacy);
        seen[topology] = version;
        if (previous.HasSameContent(version))
        {
            return;
        }

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

    /// <summary>What a state file was when last read; <c>default</c> records it as absent.</summary>
    /// <param name="Legacy">Read from <c>tmasters</c> rather than the kind's own directory.</param>
    private readonly record struct FileVersion(long Length, DateTime Modified, byte[]? Digest, bool Legacy)
    {
        public static FileVersion Missing => default;

        public bool Exists => Digest is not null;

        public bool IsSameFile(long length, DateTime modified, bool legacy)
            => Exists && Length == length && Modified == modified && Legacy == legacy;

        public bool HasSameContent(FileVersion other)
            => Exists && other.Exists && Legacy == other.Legacy && Digest.AsSpan().SequenceEqual(other.Digest);
    }

    /// <summary>
    /// A state directory with its comparison delegate, built once so a scan does not allocate it, and
    /// what was last seen in it: by topology name, the file as last read, or absent. Held only for known
    /// topologies; looked up by span so unchanged files need no name string.
    /// </summary>
    private sealed record StateDirectory(StateKind Kind, string Path, FileSystemEnumerable<EntryVersion>.FindTransform Compare)
    {
        public Dictionary<string, FileVersion> Seen { get; } = new(StringComparer.Ordinal);
    }

    /// <param name="Topology">The known topology the file belongs to; null for any other file.</param>
    /// <param name="Unchanged">Same length and modification time as last seen.</param>
    private readonly record struct EntryVersion(string? Topology, bool Unchanged);

    /// <param name="Known">The name as already held, when it is a known topology.</param>
    /// <param name="Unknown">Otherwise the new name.</param>
    private readonly record struct NameEntry(string? Known, string? Unknown);
}
