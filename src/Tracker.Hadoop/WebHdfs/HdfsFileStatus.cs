namespace Tracker.Hadoop.WebHdfs;

/// <summary>A <c>FileStatus</c> object of WebHDFS (GETFILESTATUS, LISTSTATUS).</summary>
public sealed record HdfsFileStatus(
    string PathSuffix,
    HdfsFileType Type,
    long Length,
    string Owner,
    string Group,
    string Permission,
    DateTimeOffset ModificationTime,
    DateTimeOffset AccessTime,
    long BlockSize,
    int Replication);

public enum HdfsFileType
{
    File,
    Directory,
    Symlink,
}
