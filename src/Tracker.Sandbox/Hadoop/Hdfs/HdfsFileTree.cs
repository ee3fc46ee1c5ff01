namespace Tracker.Sandbox.Hadoop.Hdfs;

/// <summary>
/// The emulated HDFS namespace: a directory tree under the sandbox's data directory, with HDFS's rules
/// on top. Ownership follows the homes: everything under <c>/user/{name}</c> belongs to that user and is
/// 755/644 unless created with another permission; <c>/tmp</c> is 1777; the rest belongs to <c>hdfs</c>. Only the
/// owner of a directory may create, rename or delete in it (the superuser <c>hdfs</c> anywhere); reads are checked
/// by mode bits (HdfsFileTree.Permissions.cs). One lock serialises
/// changes so that CREATE-without-overwrite and RENAME decide atomically, as the NameNode does.
/// </summary>
internal sealed partial class HdfsFileTree
{
    public const string SuperUser = "hdfs";
    public const string SuperGroup = "supergroup";
    public const long BlockSize = 134217728;

    private readonly object _gate = new();
    private readonly string _root;

    public HdfsFileTree(string root, IEnumerable<string> users)
    {
        this._root = Path.GetFullPath(root);
        Directory.CreateDirectory(this._root);
        Directory.CreateDirectory(Physical("/tmp"));
        foreach (var user in users)
        {
            Directory.CreateDirectory(Physical($"/user/{user}"));
        }
    }

    /// <summary>Normalises an HDFS path or URI (<c>hdfs://nn:8020/a/b</c>) to <c>/a/b</c>; null when it is not a valid HDFS path.</summary>
    public static string? Normalize(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        if (path.StartsWith("hdfs://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("webhdfs://", StringComparison.OrdinalIgnoreCase))
        {
            var schemeEnd = path.IndexOf("://", StringComparison.Ordinal) + 3;
            var slash = path.IndexOf('/', schemeEnd);
            path = slash < 0 ? "/" : path[slash..];
        }

        if (!path.StartsWith('/'))
        {
            return null;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);

        // HDFS rejects these names outright ("Invalid path name").
        if (segments.Any(s => s is "." or ".." || s.Contains(':') || s.Contains('\\')))
        {
            return null;
        }

        return "/" + string.Join('/', segments);
    }

    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    public static string Name(string path) => path == "/" ? "" : path[(path.LastIndexOf('/') + 1)..];

    public static string OwnerOf(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && segments[0] == "user" ? segments[1] : SuperUser;
    }

    public static bool MayWriteIn(string user, string directory) =>
        user == SuperUser || directory == "/tmp" || directory.StartsWith("/tmp/", StringComparison.Ordinal) || OwnerOf(directory) == user
            && directory.Split('/', StringSplitOptions.RemoveEmptyEntries).Length >= 2;

    public object Gate => _gate;

    public string Physical(string path) =>
        path == "/" ? _root : Path.Combine(_root, path.TrimStart('/').Replace('/', Path.DirectorySeparatorChar));

    public bool IsFile(string path) => File.Exists(Physical(path));

    public bool IsDirectory(string path) => Directory.Exists(Physical(path));

    public bool Exists(string path) => IsFile(path) || IsDirectory(path);

    public HdfsStatus? Status(string path)
    {
        var physical = Physical(path);
        if (File.Exists(physical))
        {
            var info = new FileInfo(physical);
            return new HdfsStatus(path, false, info.Length, InodeOf(path, false).Owner, PermissionOf(path, false),
                new DateTimeOffset(info.LastWriteTimeUtc), new DateTimeOffset(info.LastAccessTimeUtc), 0, FileId(path));
        }

        if (Directory.Exists(physical))
        {
            var info = new DirectoryInfo(physical);
            return new HdfsStatus(path, true, 0, InodeOf(path, true).Owner, PermissionOf(path, true),
                new DateTimeOffset(info.LastWriteTimeUtc), DateTimeOffset.FromUnixTimeMilliseconds(0),
                info.EnumerateFileSystemInfos().Count(), FileId(path));
        }

        return null;
    }

    public IReadOnlyList<HdfsStatus> List(string directory) =>
        new DirectoryInfo(Physical(directory)).EnumerateFileSystemInfos()
            .Select(i => Status(directory == "/" ? "/" + i.Name : $"{directory}/{i.Name}"))
            .OfType<HdfsStatus>()
            .OrderBy(s => s.Path, StringComparer.Ordinal)
            .ToArray();

    /// <summary>Creates the directory and its missing parents, checking write access where it creates.</summary>
    public HdfsResult MakeDirectories(string user, string path, int? mode = null)
    {
        lock (_gate)
        {
            var missing = new Stack<string>();
            var current = path;
            while (!IsDirectory(current))
            {
                if (IsFile(current))
                {
                    return HdfsResult.Fail(HdfsError.ParentNotDirectory, $"{current} (is not a directory)");
                }

                missing.Push(current);
                current = Parent(current);
            }

            if (missing.Count > 0 && !MayWriteIn(user, current))
            {
                return HdfsResult.Fail(HdfsError.AccessDenied, Denied(user, current));
            }

            foreach (var directory in missing)
            {
                Directory.CreateDirectory(Physical(directory));
                Created(user, directory, mode, directory: true);
            }

            return HdfsResult.Ok;
        }
    }

    /// <summary>Writes a whole file: to a hidden temporary name, then moved into place under the lock.</summary>
    public async Task<HdfsResult> WriteAsync(string user, string path, bool overwrite, Stream content, CancellationToken cancellationToken, int? mode = null)
    {
        var check = CheckCreate(user, path, overwrite);
        if (!check.Succeeded)
        {
            return check;
        }

        var made = MakeDirectories(user, Parent(path));
        if (!made.Succeeded)
        {
            return made;
        }

        var temporary = Path.Combine(_root, $".sandbox-upload-{Guid.NewGuid():N}");
        try
        {
            await using (var file = File.Create(temporary))
            {
                await content.CopyToAsync(file, cancellationToken);
            }

            lock (_gate)
            {
                check = CheckCreate(user, path, overwrite);
                if (!check.Succeeded)
                {
                    return check;
                }

                File.Move(temporary, Physical(path), overwrite: true);
                Created(user, path, mode, directory: false);
                return HdfsResult.Ok;
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public HdfsResult Rename(string user, string source, string destination)
    {
        lock (_gate)
        {
            if (!Exists(source) || source == "/")
            {
                return HdfsResult.Fail(HdfsError.RenameRefused, $"{source} does not exist");
            }

            // FileSystem.rename: onto an existing directory moves the source into it.
            if (IsDirectory(destination))
            {
                destination = destination == "/" ? "/" + Name(source) : $"{destination}/{Name(source)}";
            }

            if (Exists(destination) || !IsDirectory(Parent(destination)) || (destination + "/").StartsWith(source + "/", StringComparison.Ordinal))
            {
                return HdfsResult.Fail(HdfsError.RenameRefused, $"cannot rename {source} to {destination}");
            }

            if (!MayWriteIn(user, Parent(source)) || !MayWriteIn(user, Parent(destination)))
            {
                return HdfsResult.Fail(HdfsError.AccessDenied, Denied(user, MayWriteIn(user, Parent(source)) ? Parent(destination) : Parent(source)));
            }

            if (IsDirectory(source))
            {
                Directory.Move(Physical(source), Physical(destination));
            }
            else
            {
                File.Move(Physical(source), Physical(destination));
            }

            Moved(source, destination);
            return HdfsResult.Ok;
        }
    }

    public HdfsResult Delete(string user, string path, bool recursive)
    {
        lock (_gate)
        {
            if (!Exists(path))
            {
                return HdfsResult.Fail(HdfsError.NotFound, $"File does not exist: {path}");
            }

            if (path == "/" || !MayWriteIn(user, Parent(path)))
            {
                return HdfsResult.Fail(HdfsError.AccessDenied, Denied(user, Parent(path)));
            }

            if (IsDirectory(path))
            {
                if (!recursive && Directory.EnumerateFileSystemEntries(Physical(path)).Any())
                {
                    return HdfsResult.Fail(HdfsError.NotEmpty, $"`{path} is non empty': Directory is not empty");
                }

                Directory.Delete(Physical(path), recursive: true);
            }
            else
            {
                File.Delete(Physical(path));
            }

            Removed(path);
            return HdfsResult.Ok;
        }
    }

    public static string Denied(string user, string directory) =>
        $"Permission denied: user={user}, access=WRITE, inode=\"{directory}\":{OwnerOf(directory)}:{SuperGroup}:drwxr-xr-x";

    private HdfsResult CheckCreate(string user, string path, bool overwrite)
    {
        if (path == "/" || IsDirectory(path))
        {
            return HdfsResult.Fail(HdfsError.AlreadyExists, $"{path} already exists as a directory");
        }

        if (IsFile(path) && !overwrite)
        {
            return HdfsResult.Fail(HdfsError.AlreadyExists, $"{path} for client 127.0.0.1 already exists");
        }

        var parent = Parent(path);
        var existing = parent;
        while (!IsDirectory(existing))
        {
            if (IsFile(existing))
            {
                return HdfsResult.Fail(HdfsError.ParentNotDirectory, $"{existing} (is not a directory)");
            }

            existing = Parent(existing);
        }

        return MayWriteIn(user, existing) ? HdfsResult.Ok : HdfsResult.Fail(HdfsError.AccessDenied, Denied(user, existing));
    }

    /// <summary>A stable inode number per path (FNV-1a), so repeated GETFILESTATUS calls agree.</summary>
    private static long FileId(string path)
    {
        var hash = 2166136261u;
        foreach (var c in path)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return 16385 + hash % 1_000_000;
    }
}

internal sealed record HdfsStatus(
    string Path, bool IsDirectory, long Length, string Owner, string Permission,
    DateTimeOffset ModificationTime, DateTimeOffset AccessTime, int ChildrenNum, long FileId);

internal enum HdfsError
{
    None,
    NotFound,
    AlreadyExists,
    AccessDenied,
    ParentNotDirectory,
    NotEmpty,
    RenameRefused,
}

internal sealed record HdfsResult(HdfsError Error, string Message)
{
    public static HdfsResult Ok { get; } = new(HdfsError.None, "");

    public bool Succeeded => Error == HdfsError.None;

    public static HdfsResult Fail(HdfsError error, string message) => new(error, message);
}
