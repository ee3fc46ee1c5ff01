using System.Data.Common;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Tracker.Jobs.Storage;

/// <summary>
/// The job store in a PostgreSQL database shared by several Tracker replicas. The protocol is the SQLite
/// store's: leases are (owner, expiry) columns on the job row, taken by one conditional UPDATE ... RETURNING;
/// the due-job sweep locks its candidates with <c>FOR UPDATE SKIP LOCKED</c> so two replicas sweeping at the same
/// moment split the due jobs instead of waiting on (or taking) each other's.
/// </summary>
internal sealed class PostgresJobStore : IJobStore, IAsyncDisposable
{
    // Any fixed number works as long as nothing else in the database uses it; this one spells "TrackJob".
    private const long MigrationLockKey = 0x547261636B4A6F62;

    private readonly NpgsqlDataSource dataSource;

    public PostgresJobStore(string connectionString)
    {
        dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Replicas starting together migrate one after the other: the second one waits here, then finds the
        // schema current. The lock is released with the transaction, also when a replica dies mid-migration.
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key);", connection, transaction))
        {
            Add(command, "key", NpgsqlDbType.Bigint, MigrationLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken);
        int current;
        await using (var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version;", connection, transaction))
        {
            current = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
        }

        for (var version = current + 1; version <= PostgresMigrations.All.Count; version++)
        {
            foreach (var statement in PostgresMigrations.All[version - 1])
            {
                await ExecuteAsync(connection, transaction, statement, cancellationToken);
            }

            await ExecuteAsync(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({version});", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT COUNT(*) FROM schema_version;");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
    }

    public async Task<TrackedJob> TrackAsync(TrackedJob job, CancellationToken cancellationToken)
    {
        var jobs = await QueryAsync("""
            INSERT INTO tracked_jobs AS t (owner, job_id, parent_id, status, application_ids, last_checked, state, reason, blocked,
                                           copy_requested, next_poll_at, failures, created_at)
            VALUES (@owner, @job_id, @parent_id, @status, @application_ids, @last_checked, @state, @reason, 0,
                    @copy_requested, @next_poll_at, 0, @created_at)
            ON CONFLICT (owner, job_id) DO UPDATE SET
                status = COALESCE(EXCLUDED.status, t.status),
                application_ids = COALESCE(EXCLUDED.application_ids, t.application_ids),
                last_checked = COALESCE(EXCLUDED.last_checked, t.last_checked),
                parent_id = COALESCE(t.parent_id, EXCLUDED.parent_id),
                copy_requested = GREATEST(t.copy_requested, EXCLUDED.copy_requested),
                state = CASE WHEN t.state = 'vanished' THEN 'tracking' ELSE t.state END,
                next_poll_at = LEAST(t.next_poll_at, EXCLUDED.next_poll_at)
            RETURNING *;
            """,
            c => BindJob(c, job), StoreRows.ReadJob, cancellationToken);
        return jobs[0];
    }

    public async Task<TrackedJob?> GetJobAsync(string owner, string jobId, CancellationToken cancellationToken)
    {
        var jobs = await QueryAsync("SELECT * FROM tracked_jobs WHERE owner = @owner AND job_id = @job_id;",
            c => BindKey(c, owner, jobId), StoreRows.ReadJob, cancellationToken);
        return jobs.Count == 0 ? null : jobs[0];
    }

    public Task<IReadOnlyList<TrackedJob>> FindJobAsync(string jobId, CancellationToken cancellationToken)
        => QueryAsync("SELECT * FROM tracked_jobs WHERE job_id = @job_id ORDER BY owner;",
            c => Add(c, "job_id", NpgsqlDbType.Text, jobId), StoreRows.ReadJob, cancellationToken);

    public Task<IReadOnlyList<TrackedJob>> ListJobsAsync(string owner, CancellationToken cancellationToken)
        => QueryAsync("SELECT * FROM tracked_jobs WHERE owner = @owner ORDER BY created_at, job_id;",
            c => Add(c, "owner", NpgsqlDbType.Text, owner), StoreRows.ReadJob, cancellationToken);

    // The inner SELECT locks the rows it picks and skips rows another replica's sweep has locked; a row another
    // replica leased and committed meanwhile is re-checked against the WHERE clause under the lock and dropped.
    public Task<IReadOnlyList<TrackedJob>> AcquireDueAsync(
        string leaseOwner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken)
        => QueryAsync("""
            UPDATE tracked_jobs AS t SET lease_owner = @lease_owner, lease_expires_at = @lease_expires_at
            FROM (
                SELECT owner, job_id FROM tracked_jobs
                WHERE state IN ('tracking', 'copying') AND blocked = 0 AND next_poll_at <= @now
                  AND (lease_owner IS NULL OR lease_expires_at < @now)
                ORDER BY next_poll_at LIMIT @max
                FOR UPDATE SKIP LOCKED) AS due
            WHERE t.owner = due.owner AND t.job_id = due.job_id
            RETURNING t.*;
            """,
            c =>
            {
                Add(c, "lease_owner", NpgsqlDbType.Text, leaseOwner);
                Add(c, "lease_expires_at", NpgsqlDbType.Bigint, (now + leaseDuration).ToUnixTimeMilliseconds());
                Add(c, "now", NpgsqlDbType.Bigint, now.ToUnixTimeMilliseconds());
                Add(c, "max", NpgsqlDbType.Integer, max);
            },
            StoreRows.ReadJob, cancellationToken);

    public async Task<TrackedJob?> TryAcquireAsync(
        string owner, string jobId, string leaseOwner, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        var jobs = await QueryAsync("""
            UPDATE tracked_jobs SET lease_owner = @lease_owner, lease_expires_at = @lease_expires_at
            WHERE owner = @owner AND job_id = @job_id AND (lease_owner IS NULL OR lease_expires_at < @now OR lease_owner = @lease_owner)
            RETURNING *;
            """,
            c =>
            {
                BindKey(c, owner, jobId);
                Add(c, "lease_owner", NpgsqlDbType.Text, leaseOwner);
                Add(c, "lease_expires_at", NpgsqlDbType.Bigint, (now + leaseDuration).ToUnixTimeMilliseconds());
                Add(c, "now", NpgsqlDbType.Bigint, now.ToUnixTimeMilliseconds());
            },
            StoreRows.ReadJob, cancellationToken);
        return jobs.Count == 0 ? null : jobs[0];
    }

    // copy_requested and blocked are not written here: they change only through their own operations,
    // so a worker saving a job it read earlier cannot undo a request that arrived in between.
    public async Task<bool> SaveJobAsync(TrackedJob job, string leaseOwner, bool release, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE tracked_jobs SET status = @status, application_ids = @application_ids, last_checked = @last_checked,
                state = @state, reason = @reason, next_poll_at = @next_poll_at, failures = @failures, parent_id = @parent_id
                {(release ? ", lease_owner = NULL, lease_expires_at = NULL" : "")}
            WHERE owner = @owner AND job_id = @job_id AND lease_owner = @lease_owner;
            """);
        BindJob(command, job);
        Add(command, "lease_owner", NpgsqlDbType.Text, leaseOwner);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task RecordObservationAsync(
        string owner, string jobId, string status, IReadOnlyList<string>? applicationIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE tracked_jobs SET status = @status, application_ids = COALESCE(@application_ids, application_ids), last_checked = @now,
                next_poll_at = CASE WHEN state = 'tracking' AND @terminal THEN LEAST(next_poll_at, @now) ELSE next_poll_at END
            WHERE owner = @owner AND job_id = @job_id;
            """);
        BindKey(command, owner, jobId);
        Add(command, "status", NpgsqlDbType.Text, status);
        Add(command, "application_ids", NpgsqlDbType.Text, Json(applicationIds));
        Add(command, "now", NpgsqlDbType.Bigint, now.ToUnixTimeMilliseconds());
        Add(command, "terminal", NpgsqlDbType.Boolean, TrackedJob.IsTerminal(status));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkVanishedAsync(string owner, string jobId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE tracked_jobs SET state = 'vanished', reason = @reason, last_checked = @now
            WHERE owner = @owner AND job_id = @job_id AND state = 'tracking' AND (lease_owner IS NULL OR lease_expires_at < @now);
            """);
        BindKey(command, owner, jobId);
        Add(command, "reason", NpgsqlDbType.Text, reason);
        Add(command, "now", NpgsqlDbType.Bigint, now.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ReleaseAsync(string owner, string jobId, string leaseOwner, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE tracked_jobs SET lease_owner = NULL, lease_expires_at = NULL
            WHERE owner = @owner AND job_id = @job_id AND lease_owner = @lease_owner;
            """);
        BindKey(command, owner, jobId);
        Add(command, "lease_owner", NpgsqlDbType.Text, leaseOwner);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<TrackingState, long>> CountJobsByStateAsync(CancellationToken cancellationToken)
        => (await QueryAsync("SELECT state, COUNT(*) FROM tracked_jobs GROUP BY state;", _ => { }, r => (State: StoreRows.ParseTrackingState(r.GetString(0)), Count: r.GetInt64(1)), cancellationToken))
            .ToDictionary(row => row.State, row => row.Count);

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT MIN(GREATEST(next_poll_at, COALESCE(lease_expires_at, 0))) FROM tracked_jobs WHERE state IN ('tracking', 'copying') AND blocked = 0;");
        return await command.ExecuteScalarAsync(cancellationToken) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public Task<IReadOnlyList<ApplicationCopy>> GetCopiesAsync(string owner, string jobId, CancellationToken cancellationToken)
        => QueryAsync("SELECT * FROM application_copies WHERE owner = @owner AND job_id = @job_id ORDER BY application_id;",
            c => BindKey(c, owner, jobId), StoreRows.ReadCopy, cancellationToken);

    public Task<IReadOnlyList<ApplicationCopy>> GetCopiesAsync(string owner, CancellationToken cancellationToken)
        => QueryAsync("SELECT * FROM application_copies WHERE owner = @owner ORDER BY job_id, application_id;",
            c => Add(c, "owner", NpgsqlDbType.Text, owner), StoreRows.ReadCopy, cancellationToken);

    public async Task SaveCopyAsync(ApplicationCopy copy, CopyAttempt? attempt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("""
            INSERT INTO application_copies (owner, job_id, application_id, state, attempt, workflow_id, app_path, partial,
                                            next_attempt_at, error, updated_at)
            VALUES (@owner, @job_id, @application_id, @state, @attempt, @workflow_id, @app_path, @partial, @next_attempt_at, @error, @updated_at)
            ON CONFLICT (owner, job_id, application_id) DO UPDATE SET
                state = EXCLUDED.state, attempt = EXCLUDED.attempt, workflow_id = EXCLUDED.workflow_id, app_path = EXCLUDED.app_path,
                partial = EXCLUDED.partial, next_attempt_at = EXCLUDED.next_attempt_at, error = EXCLUDED.error, updated_at = EXCLUDED.updated_at;
            """, connection, transaction))
        {
            BindKey(command, copy.Owner, copy.JobId);
            Add(command, "application_id", NpgsqlDbType.Text, copy.ApplicationId);
            Add(command, "state", NpgsqlDbType.Text, StoreRows.Name(copy.State));
            Add(command, "attempt", NpgsqlDbType.Bigint, (long)copy.Attempt);
            Add(command, "workflow_id", NpgsqlDbType.Text, copy.WorkflowId);
            Add(command, "app_path", NpgsqlDbType.Text, copy.AppPath);
            Add(command, "partial", NpgsqlDbType.Bigint, copy.Partial ? 1L : 0L);
            Add(command, "next_attempt_at", NpgsqlDbType.Bigint, copy.NextAttemptAt.ToUnixTimeMilliseconds());
            Add(command, "error", NpgsqlDbType.Text, copy.Error);
            Add(command, "updated_at", NpgsqlDbType.Bigint, copy.UpdatedAt.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (attempt is not null)
        {
            await SaveAttemptAsync(connection, transaction, attempt, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<CopyAttempt>> GetAttemptsAsync(string owner, string jobId, CancellationToken cancellationToken)
        => QueryAsync("SELECT * FROM copy_attempts WHERE owner = @owner AND job_id = @job_id ORDER BY application_id, attempt;",
            c => BindKey(c, owner, jobId), StoreRows.ReadAttempt, cancellationToken);

    public async Task SaveAttemptAsync(CopyAttempt attempt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await SaveAttemptAsync(connection, null, attempt, cancellationToken);
    }

    private static async Task SaveAttemptAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CopyAttempt attempt, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO copy_attempts (owner, job_id, application_id, attempt, workflow_id, app_path, ended, cleaned)
            VALUES (@owner, @job_id, @application_id, @attempt, @workflow_id, @app_path, @ended, @cleaned)
            ON CONFLICT (owner, job_id, app_path) DO UPDATE SET
                workflow_id = EXCLUDED.workflow_id, attempt = EXCLUDED.attempt, ended = EXCLUDED.ended, cleaned = EXCLUDED.cleaned;
            """, connection, transaction);
        BindKey(command, attempt.Owner, attempt.JobId);
        Add(command, "application_id", NpgsqlDbType.Text, attempt.ApplicationId);
        Add(command, "attempt", NpgsqlDbType.Bigint, (long)attempt.Attempt);
        Add(command, "workflow_id", NpgsqlDbType.Text, attempt.WorkflowId);
        Add(command, "app_path", NpgsqlDbType.Text, attempt.AppPath);
        Add(command, "ended", NpgsqlDbType.Bigint, attempt.Ended ? 1L : 0L);
        Add(command, "cleaned", NpgsqlDbType.Bigint, attempt.Cleaned ? 1L : 0L);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task BlockOwnerAsync(string owner, string reason, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE tracked_jobs SET blocked = 1, reason = @reason
            WHERE owner = @owner AND state IN ('tracking', 'copying');
            """);
        Add(command, "owner", NpgsqlDbType.Text, owner);
        Add(command, "reason", NpgsqlDbType.Text, reason);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> UnblockOwnerAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE tracked_jobs SET blocked = 0, reason = NULL, failures = 0, next_poll_at = @now
            WHERE owner = @owner AND blocked = 1;
            """);
        Add(command, "owner", NpgsqlDbType.Text, owner);
        Add(command, "now", NpgsqlDbType.Bigint, now.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> HasPendingWorkAsync(string owner, bool includeBlocked, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT EXISTS (SELECT 1 FROM tracked_jobs WHERE owner = @owner AND state IN ('tracking', 'copying') AND (blocked = 0 OR @include_blocked))
                OR EXISTS (SELECT 1 FROM copy_attempts WHERE owner = @owner AND cleaned = 0);
            """);
        Add(command, "owner", NpgsqlDbType.Text, owner);
        Add(command, "include_blocked", NpgsqlDbType.Boolean, includeBlocked);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    public async Task<StoredCredential?> GetCredentialAsync(string owner, CancellationToken cancellationToken)
    {
        var found = await QueryAsync("SELECT owner, protected, expires_at, updated_at FROM credentials WHERE owner = @owner;",
            c => Add(c, "owner", NpgsqlDbType.Text, owner),
            r => new StoredCredential(
                r.GetString(0),
                r.GetFieldValue<byte[]>(1),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3))),
            cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task PutCredentialAsync(StoredCredential credential, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO credentials (owner, protected, expires_at, updated_at) VALUES (@owner, @protected, @expires_at, @updated_at)
            ON CONFLICT (owner) DO UPDATE SET protected = EXCLUDED.protected, expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at;
            """);
        Add(command, "owner", NpgsqlDbType.Text, credential.Owner);
        Add(command, "protected", NpgsqlDbType.Bytea, credential.Protected);
        Add(command, "expires_at", NpgsqlDbType.Bigint, credential.ExpiresAt.ToUnixTimeMilliseconds());
        Add(command, "updated_at", NpgsqlDbType.Bigint, credential.UpdatedAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteCredentialAsync(string owner, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM credentials WHERE owner = @owner;");
        Add(command, "owner", NpgsqlDbType.Text, owner);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> DeleteExpiredCredentialsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM credentials WHERE expires_at <= @now;");
        Add(command, "now", NpgsqlDbType.Bigint, now.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<NpgsqlCommand> bind, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Every parameter carries its type, so a null is never left for the server to guess.
    private static void Add(NpgsqlCommand command, string name, NpgsqlDbType type, object? value)
        => command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });

    private static void BindKey(NpgsqlCommand command, string owner, string jobId)
    {
        Add(command, "owner", NpgsqlDbType.Text, owner);
        Add(command, "job_id", NpgsqlDbType.Text, jobId);
    }

    private static string? Json(IReadOnlyList<string>? applicationIds)
        => applicationIds is null ? null : JsonSerializer.Serialize(applicationIds, StoreJson.Default.IReadOnlyListString);

    private static void BindJob(NpgsqlCommand command, TrackedJob job)
    {
        BindKey(command, job.Owner, job.JobId);
        Add(command, "parent_id", NpgsqlDbType.Text, job.ParentId);
        Add(command, "status", NpgsqlDbType.Text, job.Status);
        Add(command, "application_ids", NpgsqlDbType.Text, Json(job.ApplicationIds));
        Add(command, "last_checked", NpgsqlDbType.Bigint, job.LastChecked?.ToUnixTimeMilliseconds());
        Add(command, "state", NpgsqlDbType.Text, StoreRows.Name(job.State));
        Add(command, "reason", NpgsqlDbType.Text, job.Reason);
        Add(command, "copy_requested", NpgsqlDbType.Bigint, job.CopyRequested ? 1L : 0L);
        Add(command, "next_poll_at", NpgsqlDbType.Bigint, job.NextPollAt.ToUnixTimeMilliseconds());
        Add(command, "failures", NpgsqlDbType.Bigint, (long)job.Failures);
        Add(command, "created_at", NpgsqlDbType.Bigint, job.CreatedAt.ToUnixTimeMilliseconds());
    }
}
