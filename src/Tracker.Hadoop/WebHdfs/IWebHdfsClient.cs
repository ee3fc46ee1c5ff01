namespace Tracker.Hadoop.WebHdfs;

/// <summary>
/// WebHDFS behind the Knox gateway (<c>{gateway}/webhdfs/v1{path}?op=…</c>). Paths are absolute HDFS
/// paths such as <c>/user/alice/WORK/logs</c>.
/// </summary>
public interface IWebHdfsClient
{
    /// <summary>MKDIRS (with parents, like <c>mkdir -p</c>); true when the directory exists afterwards. Retried.</summary>
    Task<bool> MakeDirectoryAsync(KnoxCredentials credentials, string path, string? permission = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// CREATE in two steps: the NameNode's 307, then the data to the DataNode <c>Location</c>. Without
    /// <paramref name="overwrite"/> an existing file fails with <see cref="WebHdfsException.IsFileAlreadyExists"/>.
    /// Retried only when <paramref name="overwrite"/> is set and <paramref name="content"/> can seek back:
    /// otherwise a retry could fail on the file its own lost first attempt wrote.
    /// </summary>
    Task CreateAsync(
        KnoxCredentials credentials, string path, Stream content, bool overwrite = false, string? permission = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// OPEN in two steps; the returned stream reads from the DataNode as the caller reads, nothing is
    /// buffered. Null when the file does not exist. Dispose the stream. The redirect step is retried.
    /// </summary>
    Task<Stream?> OpenAsync(
        KnoxCredentials credentials, string path, long? offset = null, long? length = null, CancellationToken cancellationToken = default);

    /// <summary>GETFILESTATUS; null when nothing exists at the path. Retried.</summary>
    Task<HdfsFileStatus?> GetFileStatusAsync(KnoxCredentials credentials, string path, CancellationToken cancellationToken = default);

    /// <summary>LISTSTATUS; null when the directory does not exist. Retried.</summary>
    Task<IReadOnlyList<HdfsFileStatus>?> ListStatusAsync(KnoxCredentials credentials, string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// RENAME; false when HDFS refused (source missing, destination exists). Not retried: after a lost
    /// success the second attempt would report false.
    /// </summary>
    Task<bool> RenameAsync(KnoxCredentials credentials, string source, string destination, CancellationToken cancellationToken = default);

    /// <summary>DELETE; false when nothing was there. Retried (deleting twice leaves the same state).</summary>
    Task<bool> DeleteAsync(KnoxCredentials credentials, string path, bool recursive = false, CancellationToken cancellationToken = default);
}
