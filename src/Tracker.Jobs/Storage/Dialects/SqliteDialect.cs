using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Tracker.Jobs.Storage.Dialects;

/// <summary>
/// One embedded SQLite file for one Tracker process (WAL journal, so API reads never wait for the worker's writes).
/// </summary>
internal sealed class SqliteDialect(string databasePath) : SqlDialect
{
    private readonly DbDataSource _dataSource = SqliteFactory.Instance.CreateDataSource(new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        // Also the busy timeout: a writer waits this long for another connection's write lock.
        DefaultTimeout = 30,
    }.ToString());

    public string DatabasePath => databasePath;

    public override string DisplayName => "SQLite job store";

    public override string MigrationFolder => "sqlite";

    // SQLite's scalar min()/max() take several arguments; its aggregate forms take one.
    public override string Least => "MIN";

    public override string Greatest => "MAX";

    // No row locks: the claiming UPDATE holds the database's one write lock from its sub-select to its last row.
    public override string ClaimLock => "";

    public override DbDataSource DataSource => _dataSource;

    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        RestrictFileModes();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        // Persistent: stored in the file, so every later connection uses the WAL.
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    // BEGIN IMMEDIATE takes the write lock at once, so a second process migrating the same file waits (busy
    // timeout) and then finds the schema current instead of failing half-way.
    public override Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
        => Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <summary>
    /// A connection that zeroes what it deletes or overwrites instead of leaving it in free pages and freeblocks, where
    /// a copy of the file would still reveal old credentials. Only credential writes need it, and only they touch the
    /// credentials table's pages, so job reads and writes keep their one round trip. SQLite has no persistent setting
    /// for it: it is set per connection (a pooled connection keeps it, harmlessly).
    /// </summary>
    public override async Task<DbConnection> OpenErasingAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA secure_delete=ON;", cancellationToken);
        return connection;
    }

    /// <summary>
    /// With secure_delete the pages written for a delete hold zeros where the entry was, but the WAL still holds the
    /// frames that wrote the entry. A TRUNCATE checkpoint copies the zeroed pages into the database file and empties
    /// the WAL; it waits (busy timeout) for readers of older snapshots, which could still need those frames.
    /// </summary>
    public override Task AfterCredentialsDeletedAsync(DbConnection connection, CancellationToken cancellationToken)
        => connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);

    /// <summary>
    /// The store holds encrypted credentials, so its files are readable by the service's user alone (0600).
    /// The file is created here, before SQLite first opens it, because SQLite would create it 0644 less the umask;
    /// SQLite then gives the -wal and -shm files the mode of the database file. The explicit chmod makes the mode
    /// independent of the umask and also tightens files left by an older version.
    /// </summary>
    private void RestrictFileModes()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (new FileStream(databasePath, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, UnixCreateMode = ownerOnly }))
        {
        }

        foreach (var path in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
        {
            if (File.Exists(path) && File.GetUnixFileMode(path) != ownerOnly)
            {
                File.SetUnixFileMode(path, ownerOnly);
            }
        }
    }
}
