using Tracker.Hadoop;
using Tracker.Hadoop.WebHdfs;

namespace Tracker.Jobs.Tests.LogCopy;

/// <summary>An in-process HDFS for unit tests of the copy parts: files and directories by absolute path.</summary>
internal sealed class FakeWebHdfs(CrashSwitch crashes) : IWebHdfsClient
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);

    public bool Exists(string path) => _files.ContainsKey(path) || _directories.Contains(path);

    public string? ReadText(string path) => _files.TryGetValue(path, out var bytes) ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    public void Write(string path, string text) => _files[path] = System.Text.Encoding.UTF8.GetBytes(text);

    public Task<bool> MakeDirectoryAsync(KnoxCredentials credentials, string path, string? permission = null, CancellationToken cancellationToken = default)
    {
        crashes.At(CrashPoints.BeforeUpload);
        _directories.Add(path);
        return Task.FromResult(true);
    }

    public async Task CreateAsync(
        KnoxCredentials credentials, string path, Stream content, bool overwrite = false, string? permission = null, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        _files[path] = buffer.ToArray();
    }

    public Task<HdfsFileStatus?> GetFileStatusAsync(KnoxCredentials credentials, string path, CancellationToken cancellationToken = default)
    {
        crashes.At(CrashPoints.WhileVerifying);
        HdfsFileStatus? status = _files.TryGetValue(path, out var bytes) ? Status(HdfsFileType.File, bytes.Length)
            : _directories.Contains(path) ? Status(HdfsFileType.Directory, 0)
            : null;
        return Task.FromResult(status);
    }

    public Task<bool> DeleteAsync(KnoxCredentials credentials, string path, bool recursive = false, CancellationToken cancellationToken = default)
    {
        crashes.At(CrashPoints.BeforeClean);
        var below = path.TrimEnd('/') + "/";
        var removed = _files.Keys.Where(p => p == path || p.StartsWith(below, StringComparison.Ordinal)).ToList().Count(_files.Remove)
            + _directories.RemoveWhere(p => p == path || p.StartsWith(below, StringComparison.Ordinal));
        crashes.At(CrashPoints.AfterClean);
        return Task.FromResult(removed > 0);
    }

    public Task<Stream?> OpenAsync(
        KnoxCredentials credentials, string path, long? offset = null, long? length = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException();

    public Task<IReadOnlyList<HdfsFileStatus>?> ListStatusAsync(KnoxCredentials credentials, string path, CancellationToken cancellationToken = default)
        => throw new NotSupportedException();

    public Task<bool> RenameAsync(KnoxCredentials credentials, string source, string destination, CancellationToken cancellationToken = default)
        => throw new NotSupportedException();

    private static HdfsFileStatus Status(HdfsFileType type, long length)
        => new("", type, length, "jane", "jane", "600", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 0, 1);
}
