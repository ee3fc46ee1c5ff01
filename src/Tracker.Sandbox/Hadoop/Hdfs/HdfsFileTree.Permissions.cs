using System.Collections.Concurrent;

namespace Tracker.Sandbox.Hadoop.Hdfs;

/// <summary>
/// Owner and mode per inode, and HDFS's read checks by mode bits: every ancestor directory needs execute
/// for the caller, reading a file needs read, listing a directory read and execute. The caller is the owner
/// or "other" (sandbox users are not in <c>supergroup</c>); the superuser passes every check. Inodes created
/// without a permission get HDFS's defaults (755 directories, 644 files); the metadata lives as long as the
/// sandbox process, so files found on disk at start have the defaults and their home's owner.
/// </summary>
internal sealed partial class HdfsFileTree
{
    private readonly ConcurrentDictionary<string, Inode> _inodes = new(StringComparer.Ordinal);

    private sealed record Inode(string Owner, int Mode);

    /// <summary>What a read needs on its target besides execute on every ancestor.</summary>
    public enum ReadAccess
    {
        /// <summary>GETFILESTATUS, -test, -ls of a file: nothing on the target itself.</summary>
        Traverse,

        /// <summary>OPEN, -cat: read on the file.</summary>
        Read,

        /// <summary>LISTSTATUS, -ls of a directory: read and execute on it.</summary>
        List,
    }

    /// <summary>An octal mode as WebHDFS's <c>permission</c> parameter and <c>-chmod</c> take it (sticky bit allowed), or null.</summary>
    public static int? ParseMode(string? text)
        => text is { Length: >= 1 and <= 4 } && text.All(c => c is >= '0' and <= '7') && Convert.ToInt32(text, 8) is var mode and <= 0x3FF
            ? mode
            : null;

    /// <summary>Null when <paramref name="user"/> may read <paramref name="path"/> as <paramref name="access"/> asks; else AccessDenied.</summary>
    public HdfsResult CheckRead(string user, string path, ReadAccess access)
    {
        if (user == SuperUser)
        {
            return HdfsResult.Ok;
        }

        var ancestors = new List<string>();
        for (var current = path; current != "/"; )
        {
            current = Parent(current);
            ancestors.Add(current);
        }

        ancestors.Reverse();
        foreach (var directory in ancestors)
        {
            if (!Allows(user, directory, directory: true, 1))
            {
                return Refused(user, directory, true, "EXECUTE");
            }
        }

        var isDirectory = IsDirectory(path);
        return access switch
        {
            ReadAccess.Read when !Allows(user, path, isDirectory, 4) => Refused(user, path, isDirectory, "READ"),
            ReadAccess.List when isDirectory && !Allows(user, path, true, 5) => Refused(user, path, true, "READ_EXECUTE"),
            _ => HdfsResult.Ok,
        };
    }

    /// <summary>-chmod / SETPERMISSION: only the owner (or the superuser) may change the mode.</summary>
    public HdfsResult SetMode(string user, string path, int mode)
    {
        lock (_gate)
        {
            if (!Exists(path))
            {
                return HdfsResult.Fail(HdfsError.NotFound, $"File does not exist: {path}");
            }

            var inode = InodeOf(path, IsDirectory(path));
            if (user != SuperUser && inode.Owner != user)
            {
                return HdfsResult.Fail(HdfsError.AccessDenied, $"Permission denied. user={user} is not the owner of inode={path}");
            }

            _inodes[path] = inode with { Mode = mode };
            return HdfsResult.Ok;
        }
    }

    private Inode InodeOf(string path, bool directory)
        => _inodes.TryGetValue(path, out var inode) ? inode : new Inode(OwnerOf(path), path == "/tmp" ? 0x3FF : directory ? 0x1ED : 0x1A4);

    private string PermissionOf(string path, bool directory) => Convert.ToString(InodeOf(path, directory).Mode, 8);

    private void Created(string user, string path, int? mode, bool directory)
        => _inodes[path] = new Inode(user, mode ?? (directory ? 0x1ED : 0x1A4));

    /// <summary>A rename carries the inodes (and everything below a directory) to their new paths.</summary>
    private void Moved(string source, string destination)
    {
        foreach (var (path, inode) in _inodes.ToArray())
        {
            if (path == source || path.StartsWith(source + "/", StringComparison.Ordinal))
            {
                _inodes.TryRemove(path, out _);
                _inodes[destination + path[source.Length..]] = inode;
            }
        }
    }

    private void Removed(string path)
    {
        foreach (var known in _inodes.Keys.ToArray())
        {
            if (known == path || known.StartsWith(path + "/", StringComparison.Ordinal))
            {
                _inodes.TryRemove(known, out _);
            }
        }
    }

    private bool Allows(string user, string path, bool directory, int bits)
    {
        var inode = InodeOf(path, directory);
        var granted = inode.Owner == user ? (inode.Mode >> 6) & 7 : inode.Mode & 7;
        return (granted & bits) == bits;
    }

    private HdfsResult Refused(string user, string path, bool directory, string access)
    {
        var inode = InodeOf(path, directory);
        return HdfsResult.Fail(HdfsError.AccessDenied,
            $"Permission denied: user={user}, access={access}, inode=\"{path}\":{inode.Owner}:{SuperGroup}:{(directory ? 'd' : '-')}{Symbolic(inode.Mode)}");
    }

    /// <summary><c>rwxr-x---</c> for 750, as <c>ls</c> and permission errors print modes.</summary>
    public static string Symbolic(int mode)
    {
        var text = new char[9];
        for (var i = 0; i < 9; i++)
        {
            text[i] = (mode & (1 << (8 - i))) != 0 ? "rwx"[i % 3] : '-';
        }

        if ((mode & 0x200) != 0)
        {
            text[8] = text[8] == 'x' ? 't' : 'T';
        }

        return new string(text);
    }
}
