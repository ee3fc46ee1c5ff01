using System.IO.Enumeration;
using System.Security.Cryptography;
using Tracker.Heron.Topologies;

namespace Tracker.Heron.State;

/// <summary>
/// One look at a file state root per <see cref="Scan"/>: the names in <c>{root}/topologies</c> and,
/// per <see cref="StateSource"/> directory, the files of those topologies, compared with what was last
/// read. What changed is reported to the <see cref="StateReducer"/> as bytes (a missing file as
/// null, once); this class neither parses nor decides between directories.
/// <para>
/// Most scans are polls that find nothing changed, so the usual path compares directory entries with
/// what was last seen without creating a string or a <see cref="FileInfo"/> per file: its cost is a
/// few directory enumerators per scan, however many topologies there are. Not thread-safe: one scan
/// at a time.
/// </para>
/// </summary>
internal sealed partial class FileStateScanner
{
    // Hidden files count too, as they did with DirectoryInfo.EnumerateFiles() (the default options skip them).
    private static readonly EnumerationOptions Everything = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    private readonly string _stateManager;
    private readonly StateReducer _reducer;
    private readonly ILogger _logger;
    private readonly string _topologies;
    private readonly StateDirectory[] _directories;
    private readonly FileSystemEnumerable<NameEntry>.FindTransform _listTopology;
    private readonly List<string> _listed = [];
    private HashSet<string> _names = new(StringComparer.Ordinal);
    private HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _knownNames;

    /// <param name="root">The state root, <c>~</c> already expanded.</param>
    public FileStateScanner(string stateManager, string root, StateReducer reducer, ILogger logger)
    {
        _stateManager = stateManager;
        _reducer = reducer;
        _logger = logger;
        root = Path.GetFullPath(root);
        _topologies = Path.Combine(root, StateLayout.Topologies);
        _knownNames = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        _listTopology = ListTopology;
        _directories = [.. StateLayout.Sources.Select(source => new StateDirectory(source, Path.Combine(root, source.Directory)))];
        foreach (var directory in _directories)
        {
            directory.Compare = (ref FileSystemEntry entry) => Compare(directory, ref entry);
        }
    }

    public void Scan()
    {
        var added = UpdateTopologyNames();
        foreach (var name in added)
        {
            // Everything about a new topology is read by name, so each of its states is recorded
            // (absent ones too) before the directory comparison below relies on that record.
            foreach (var directory in _directories)
            {
                ReadState(directory, name);
            }
        }

        foreach (var directory in _directories)
        {
            ScanDirectory(directory);
        }
    }

    /// <summary>
    /// Lists <c>{root}/topologies</c> and reports the names when they changed. Known names are
    /// matched as spans; only when the set differs is a new one built. Returns the added names.
    /// </summary>
    private List<string> UpdateTopologyNames()
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
        _reducer.SetTopologyNames(names);
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

            ReadState(directory, entry.Topology);
            if (seen.TryGetValue(entry.Topology, out var version) && version.Exists)
            {
                // Counted only once recorded: a file that could not be read stays unaccounted for.
                present++;
            }
        }

        // Every known file found here was counted; any other known file seen last time has gone.
        if (present != CountExisting(seen))
        {
            ReadMissing(directory);
        }
    }

    private EntryVersion Compare(StateDirectory directory, ref FileSystemEntry entry)
    {
        if (!_knownNames.TryGetValue(entry.FileName, out var topology))
        {
            // Not (or not yet) a listed topology: ignored, as Heron's own tracker did.
            return default;
        }

        var unchanged = directory.Seen.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(entry.FileName, out var version)
            && version.IsSameFile(entry.Length, entry.LastWriteTimeUtc.UtcDateTime);
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

    /// <summary>Rare (a state file was deleted): finds which by name, so the reducer hears "absent" once.</summary>
    private void ReadMissing(StateDirectory directory)
    {
        // Listed first: ReadState records what it finds in the dictionary being looked through.
        var present = directory.Seen.Where(seen => seen.Value.Exists).Select(seen => seen.Key).ToList();
        foreach (var name in present)
        {
            ReadState(directory, name);
        }
    }

    /// <summary>
    /// The files (not subdirectories) of <paramref name="directory"/>, hidden ones included as
    /// <see cref="DirectoryInfo.EnumerateFiles()"/> did; nothing when the directory does not exist.
    /// </summary>
    private static IEnumerable<T> Enumerate<T>(string directory, FileSystemEnumerable<T>.FindTransform transform)
    {
        // A state directory is created by the first topology that writes one (tmasters by none
        // since 0.20.4): missing is normal, and checking first avoids an exception per poll.
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

    private void ReadState(StateDirectory directory, string topology)
    {
        var file = new FileInfo(Path.Combine(directory.Path, topology));
        var seen = directory.Seen;
        seen.TryGetValue(topology, out var previous);
        if (!file.Exists)
        {
            if (!seen.ContainsKey(topology) || previous.Exists)
            {
                seen[topology] = FileVersion.Missing;
                _reducer.Report(topology, directory.Source, null);
            }

            return;
        }

        // Length and modification time are a cheap first check; the bytes decide.
        if (previous.IsSameFile(file.Length, file.LastWriteTimeUtc))
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
            LogReadFailed(e, _stateManager, file.FullName);
            return;
        }

        // A digest, not the bytes: the state is held once, by the registry. Recorded before the
        // reducer parses, so a file that does not parse is read again only once it changes.
        var version = new FileVersion(bytes.Length, file.LastWriteTimeUtc, SHA256.HashData(bytes));
        seen[topology] = version;
        if (!previous.HasSameContent(version))
        {
            _reducer.Report(topology, directory.Source, bytes);
        }
    }

    [LoggerMessage(EventId = EventIds.ReadFailed, Level = LogLevel.Warning, Message = "File state manager {StateManager}: cannot read {File}")]
    private partial void LogReadFailed(Exception exception, string stateManager, string file);

    /// <summary>What a state file was when last read; <c>default</c> records it as absent.</summary>
    private readonly record struct FileVersion(long Length, DateTime Modified, byte[]? Digest)
    {
        public static FileVersion Missing => default;

        public bool Exists => Digest is not null;

        public bool IsSameFile(long length, DateTime modified) => Exists && Length == length && Modified == modified;

        public bool HasSameContent(FileVersion other) => Exists && other.Exists && Digest.AsSpan().SequenceEqual(other.Digest);
    }

    /// <summary>
    /// A state directory with its comparison delegate, built once so a scan does not allocate it, and
    /// what was last seen in it: by topology name, the file as last read, or absent. Held only for known
    /// topologies; looked up by span so unchanged files need no name string.
    /// </summary>
    private sealed class StateDirectory(StateSource source, string path)
    {
        public StateSource Source { get; } = source;

        public string Path { get; } = path;

        public FileSystemEnumerable<EntryVersion>.FindTransform Compare { get; set; } = null!;

        public Dictionary<string, FileVersion> Seen { get; } = new(StringComparer.Ordinal);
    }

    /// <param name="Topology">The known topology the file belongs to; null for any other file.</param>
    /// <param name="Unchanged">Same length and modification time as last seen.</param>
    private readonly record struct EntryVersion(string? Topology, bool Unchanged);

    /// <param name="Known">The name as already held, when it is a known topology.</param>
    /// <param name="Unknown">Otherwise the new name.</param>
    private readonly record struct NameEntry(string? Known, string? Unknown);
}
