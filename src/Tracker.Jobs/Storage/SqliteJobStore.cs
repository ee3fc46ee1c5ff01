using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Tracker.Jobs.Storage;

/// <summary>
/// The job store in one embedded SQLite file (WAL journal, so API reads never wait for the worker's writes).
/// Leases are columns on the job row taken by a single conditional UPDATE, so the same protocol works
/// unchanged on a shared PostgreSQL database.
/// </summary>
internal sealed partial class SqliteJobStore(string databasePath) : IJobStore
{
    private readonly string connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public string DatabasePath => databasePath;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        RestrictFileModes();
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken);
        var current = Convert.ToInt32(await ScalarAsync(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version;", cancellationToken));
        for (var version = current + 1; version <= SqliteMigrations.All.Count; version++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            foreach (var statement in SqliteMigrations.All[version - 1])
            {
                await ExecuteAsync(connection, statement, cancellationToken, transaction);
            }

            await ExecuteAsync(connection, $"INSERT INTO schema_version (version) VALUES ({version});", cancellationToken, transaction);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return Convert.ToInt32(await ScalarAsync(connection, "SELECT COUNT(*) FROM schema_version;", cancellationToken)) > 0;
    }

    public async Task<TrackedJob> TrackAsync(TrackedJob job, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO tracked_jobs (owner, job_id, parent_id, status, application_ids, last_checked, state, reason, blocked,
                                      copy_requested, next_poll_at, failures, created_at)
            VALUES ($owner, $job_id, $parent_id, $status, $application_ids, $last_checked, $state, $reason, 0,
                    $copy_requested, $next_poll_at, 0, $created_at)
            ON CONFLICT (owner, job_id) DO UPDATE SET
                status = COALESCE(excluded.status, status),
                application_ids = COALESCE(excluded.application_ids, application_ids),
                last_checked = COALESCE(excluded.last_checked, last_checked),
                parent_id = COALESCE(parent_id, excluded.parent_id),
                copy_requested = MAX(copy_requested, excluded.copy_requested),
                state = CASE WHEN state = 'vanished' THEN 'tracking' ELSE state END,
                next_poll_at = MIN(next_poll_at, excluded.next_poll_at)
            RETURNING *;
            """;
        BindJob(command, job);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return StoreRows.ReadJob(reader);
    }

    public async Task<TrackedJob?> GetJobAsync(string owner, string jobId, CancellationToken cancellationToken)
    {
        var jobs = await QueryJobsAsync("SELECT * FROM tracked_jobs WHERE owner = $owner AND job_id = $job_id;",
            c => { c.Parameters.AddWithValue("$owner", owner); c.Parameters.AddWithValue("$job_id", jobId); }, cancellationToken);
        return jobs.Count == 0 ? null : jobs[0];
    }

    public Task<IReadOnlyList<TrackedJob>> FindJobAsync(string jobId, CancellationToken cancellationToken)
        => QueryJobsAsync("SELECT * FROM tracked_jobs WHERE job_id = $job_id ORDER BY owner;",
            c => c.Parameters.AddWithValue("$job_id", jobId), cancellationToken);

    public Task<IReadOnlyList<TrackedJob>> ListJobsAsync(string owner, CancellationToken cancellationToken)
        => QueryJobsAsync("SELECT * FROM tracked_jobs WHERE owner = $owner ORDER BY created_at, job_id;",
            c => c.Parameters.AddWithValue("$owner", owner), cancellationToken);

    public Task<IReadOnlyList<TrackedJob>> AcquireDueAsync(
        string leaseOwner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken)
        => QueryJobsAsync("""
            UPDATE tracked_jobs SET lease_owner = $lease_owner, lease_expires_at = $lease_expires_at
            WHERE rowid IN (
                SELECT rowid FROM tracked_jobs
                WHERE state IN ('tracking', 'copying') AND blocked = 0 AND next_poll_at <= $now
                  AND (lease_owner IS NULL OR lease_expires_at < $now)
                ORDER BY next_poll_at LIMIT $max)
            RETURNING *;
            """,
            c =>
            {
                c.Parameters.AddWithValue("$lease_owner", leaseOwner);
                c.Parameters.AddWithValue("$lease_expires_at", (now + leaseDuration).ToUnixTimeMilliseconds());
                c.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                c.Parameters.AddWithValue("$max", max);
            },
            cancellationToken);

    public async Task<TrackedJob?> TryAcquireAsync(
        string owner, string jobId, string leaseOwner, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        var jobs = await QueryJobsAsync("""
            UPDATE tracked_jobs SET lease_owner = $lease_owner, lease_expires_at = $lease_expires_at
            WHERE owner = $owner AND job_id = $job_id AND (lease_owner IS NULL OR lease_expires_at < $now OR lease_owner = $lease_owner)
            RETURNING *;
            """,
            c =>
            {
                c.Parameters.AddWithValue("$owner", owner);
                c.Parameters.AddWithValue("$job_id", jobId);
                c.Parameters.AddWithValue("$lease_owner", leaseOwner);
                c.Parameters.AddWithValue("$lease_expires_at", (now + leaseDuration).ToUnixTimeMilliseconds());
                c.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            },
            cancellationToken);
        return jobs.Count == 0 ? null : jobs[0];
    }

    public async Task<bool> SaveJobAsync(TrackedJob job, string leaseOwner, bool release, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = (release ? UpdateJobSql.Replace("WHERE", ", lease_owner = NULL, lease_expires_at = NULL WHERE", StringComparison.Ordinal) : UpdateJobSql)
            + " AND lease_owner = $lease_owner;";
        BindJob(command, job);
        command.Parameters.AddWithValue("$lease_owner", leaseOwner);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task RecordObservationAsync(
        string owner, string jobId, string status, IReadOnlyList<string>? applicationIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE tracked_jobs SET status = $status, application_ids = COALESCE($application_ids, application_ids), last_checked = $now,
                next_poll_at = CASE WHEN state = 'tracking' AND $terminal = 1 THEN MIN(next_poll_at, $now) ELSE next_poll_at END
            WHERE owner = $owner AND job_id = $job_id;
            """;
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$job_id", jobId);
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$application_ids",
            applicationIds is null ? DBNull.Value : JsonSerializer.Serialize(applicationIds, StoreJson.Default.IReadOnlyListString));
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$terminal", TrackedJob.IsTerminal(status) ? 1 : 0);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkVanishedAsync(string owner, string jobId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE tracked_jobs SET state = 'vanished', reason = $reason, last_checked = $now
            WHERE owner = $owner AND job_id = $job_id AND state = 'tracking' AND (lease_owner IS NULL OR lease_expires_at < $now);
            """;
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$job_id", jobId);
        command.Parameters.AddWithValue("$reason", reason);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // copy_requested and blocked are not written here: they change only through their own operations,
    // so a worker saving a job it read earlier cannot undo a request that arrived in between.
    private const string UpdateJobSql = """
        UPDATE tracked_jobs SET status = $status, application_ids = $application_ids, last_checked = $last_checked,
            state = $state, reason = $reason, next_poll_at = $next_poll_at, failures = $failures, parent_id = $parent_id
        WHERE owner = $owner AND job_id = $job_id
        """;

    public async Task ReleaseAsync(string owner, string jobId, string leaseOwner, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE tracked_jobs SET lease_owner = NULL, lease_expires_at = NULL
            WHERE owner = $owner AND job_id = $job_id AND lease_owner = $lease_owner;
            """;
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$job_id", jobId);
        command.Parameters.AddWithValue("$lease_owner", leaseOwner);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<TrackingState, long>> CountJobsByStateAsync(CancellationToken cancellationToken)
        => (await QueryAsync("SELECT state, COUNT(*) FROM tracked_jobs GROUP BY state;", _ => { }, r => (State: StoreRows.ParseTrackingState(r.GetString(0)), Count: r.GetInt64(1)), cancellationToken))
            .ToDictionary(row => row.State, row => row.Count);

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var value = await ScalarAsync(connection,
            "SELECT MIN(MAX(next_poll_at, COALESCE(lease_expires_at, 0))) FROM tracked_jobs WHERE state IN ('tracking', 'copying') AND blocked = 0;",
            cancellationToken);
        return value is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public Task<IReadOnlyList<ApplicationCopy>> GetCopiesAsync(string owner, string jobId, CancellationToken cancellationToken)
        => QueryAsync("SELECT * FROM application_copies WHERE owner = $owner AND job_id = $job_id ORDER BY application_id;",
            c => { c.Parameters.AddWithValue("$owner", owner); c.Parameters.AddWithValue("$job_id", jobId); }, StoreRows.ReadCopy, cancellationToken);

    public Task<IReadOnlyList<ApplicationCopy>> GetCopiesAsync(string owner, CancellationToken cancellationToken)
        => QueryAsync("SELECT * FROM application_copies WHERE owner = $owner ORDER BY job_id, application_id;",
            c => c.Parameters.AddWithValue("$owner", owner), StoreRows.ReadCopy, cancellationToken);

    public async Task SaveCopyAsync(ApplicationCopy copy, CopyAttempt? attempt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO application_copies (owner, job_id, application_id, state, attempt, workflow_id, app_path, partial,
                                                next_attempt_at, error, updated_at)
                VALUES ($owner, $job_id, $application_id, $state, $attempt, $workflow_id, $app_path, $partial, $next_attempt_at, $error, $updated_at)
                ON CONFLICT (owner, job_id, application_id) DO UPDATE SET
                    state = excluded.state, attempt = excluded.attempt, workflow_id = excluded.workflow_id, app_path = excluded.app_path,
                    partial = excluded.partial, next_attempt_at = excluded.next_attempt_at, error = excluded.error, updated_at = excluded.updated_at;
                """;
            command.Parameters.AddWithValue("$owner", copy.Owner);
            command.Parameters.AddWithValue("$job_id", copy.JobId);
            command.Parameters.AddWithValue("$application_id", copy.ApplicationId);
            command.Parameters.AddWithValue("$state", StoreRows.Name(copy.State));
            command.Parameters.AddWithValue("$attempt", copy.Attempt);
            command.Parameters.AddWithValue("$workflow_id", (object?)copy.WorkflowId ?? DBNull.Value);
            command.Parameters.AddWithValue("$app_path", (object?)copy.AppPath ?? DBNull.Value);
            command.Parameters.AddWithValue("$partial", copy.Partial ? 1 : 0);
            command.Parameters.AddWithValue("$next_attempt_at", copy.NextAttemptAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$error", (object?)copy.Error ?? DBNull.Value);
            command.Parameters.AddWithValue("$updated_at", copy.UpdatedAt.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (attempt is not null)
        {
            await SaveAttemptAsync(connection, transaction, attempt, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<CopyAttempt>> GetAttemptsAsync(string owner, string jobId, CancellationToken cancellationToken)
        => QueryAsync("SELECT * FROM copy_attempts WHERE owner = $owner AND job_id = $job_id ORDER BY application_id, attempt;",
            c => { c.Parameters.AddWithValue("$owner", owner); c.Parameters.AddWithValue("$job_id", jobId); }, StoreRows.ReadAttempt, cancellationToken);

    public async Task SaveAttemptAsync(CopyAttempt attempt, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await SaveAttemptAsync(connection, null, attempt, cancellationToken);
    }

    private static async Task SaveAttemptAsync(SqliteConnection connection, SqliteTransaction? transaction, CopyAttempt attempt, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO copy_attempts (owner, job_id, application_id, attempt, workflow_id, app_path, ended, cleaned)
            VALUES ($owner, $job_id, $application_id, $attempt, $workflow_id, $app_path, $ended, $cleaned)
            ON CONFLICT (owner, job_id, app_path) DO UPDATE SET
                workflow_id = excluded.workflow_id, attempt = excluded.attempt, ended = excluded.ended, cleaned = excluded.cleaned;
            """;
        command.Parameters.AddWithValue("$owner", attempt.Owner);
        command.Parameters.AddWithValue("$job_id", attempt.JobId);
        command.Parameters.AddWithValue("$application_id", attempt.ApplicationId);
        command.Parameters.AddWithValue("$attempt", attempt.Attempt);
        command.Parameters.AddWithValue("$workflow_id", (object?)attempt.WorkflowId ?? DBNull.Value);
        command.Parameters.AddWithValue("$app_path", attempt.AppPath);
        command.Parameters.AddWithValue("$ended", attempt.Ended ? 1 : 0);
        command.Parameters.AddWithValue("$cleaned", attempt.Cleaned ? 1 : 0);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task BlockOwnerAsync(string owner, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE tracked_jobs SET blocked = 1, reason = $reason
            WHERE owner = $owner AND state IN ('tracking', 'copying');
            """;
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$reason", reason);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> UnblockOwnerAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE tracked_jobs SET blocked = 0, reason = NULL, failures = 0, next_poll_at = $now
            WHERE owner = $owner AND blocked = 1;
            """;
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> HasPendingWorkAsync(string owner, bool includeBlocked, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT EXISTS (SELECT 1 FROM tracked_jobs WHERE owner = $owner AND state IN ('tracking', 'copying') AND (blocked = 0 OR $include_blocked = 1))
                OR EXISTS (SELECT 1 FROM copy_attempts WHERE owner = $owner AND cleaned = 0);
            """;
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$include_blocked", includeBlocked ? 1 : 0);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) != 0;
    }

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

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private async Task<IReadOnlyList<TrackedJob>> QueryJobsAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
        => await QueryAsync(sql, bind, StoreRows.ReadJob, cancellationToken);

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<SqliteCommand> bind, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    private static void BindJob(SqliteCommand command, TrackedJob job)
    {
        command.Parameters.AddWithValue("$owner", job.Owner);
        command.Parameters.AddWithValue("$job_id", job.JobId);
        command.Parameters.AddWithValue("$parent_id", (object?)job.ParentId ?? DBNull.Value);
        command.Parameters.AddWithValue("$status", (object?)job.Status ?? DBNull.Value);
        command.Parameters.AddWithValue("$application_ids",
            job.ApplicationIds is null ? DBNull.Value : JsonSerializer.Serialize(job.ApplicationIds, StoreJson.Default.IReadOnlyListString));
        command.Parameters.AddWithValue("$last_checked", job.LastChecked is { } checkedAt ? checkedAt.ToUnixTimeMilliseconds() : DBNull.Value);
        command.Parameters.AddWithValue("$state", StoreRows.Name(job.State));
        command.Parameters.AddWithValue("$reason", (object?)job.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$copy_requested", job.CopyRequested ? 1 : 0);
        command.Parameters.AddWithValue("$next_poll_at", job.NextPollAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$failures", job.Failures);
        command.Parameters.AddWithValue("$created_at", job.CreatedAt.ToUnixTimeMilliseconds());
    }
}
