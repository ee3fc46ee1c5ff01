using System.Data.Common;
using Tracker.Jobs.Storage.Dialects;
using static Tracker.Jobs.Storage.StoreRows;

namespace Tracker.Jobs.Storage;

/// <summary>
/// The job store on either database. Leases are (owner, expiry) columns on the job row taken by one conditional
/// UPDATE ... RETURNING, so the same protocol serves one process on SQLite and several replicas on a shared
/// PostgreSQL database; what differs between the two is in the <see cref="SqlDialect"/>.
/// </summary>
internal sealed partial class JobStore : IJobStore, IAsyncDisposable
{
    private readonly SqlDialect _dialect;

    // The statements that name a dialect's function or lock clause, composed once from those fixed words;
    // values are parameters in these as in every other statement.
    private readonly string _trackSql;
    private readonly string _acquireDueSql;
    private readonly string _recordObservationSql;
    private readonly string _nextDueSql;
    private readonly string _saveJobSql;

    public JobStore(SqlDialect dialect)
    {
        this._dialect = dialect;
        _trackSql = $"""
            INSERT INTO tracked_jobs AS t (owner, job_id, parent_id, status, application_ids, last_checked, state, reason, blocked,
                                           copy_requested, next_poll_at, failures, created_at)
            VALUES (@owner, @job_id, @parent_id, @status, @application_ids, @last_checked, @state, @reason, 0,
                    @copy_requested, @next_poll_at, 0, @created_at)
            ON CONFLICT (owner, job_id) DO UPDATE SET
                status = COALESCE(excluded.status, t.status),
                application_ids = COALESCE(excluded.application_ids, t.application_ids),
                last_checked = COALESCE(excluded.last_checked, t.last_checked),
                parent_id = COALESCE(t.parent_id, excluded.parent_id),
                copy_requested = {dialect.Greatest}(t.copy_requested, excluded.copy_requested),
                state = CASE WHEN t.state = 'vanished' THEN 'tracking' ELSE t.state END,
                next_poll_at = {dialect.Least}(t.next_poll_at, excluded.next_poll_at)
            RETURNING {JobColumns};
            """;
        // The picked keys are renamed so that RETURNING's unqualified columns can only mean the updated row.
        _acquireDueSql = $"""
            UPDATE tracked_jobs AS t SET lease_owner = @lease_owner, lease_expires_at = @lease_expires_at
            FROM (
                SELECT owner AS due_owner, job_id AS due_job_id FROM tracked_jobs
                WHERE state IN ('tracking', 'copying') AND blocked = 0 AND next_poll_at <= @now
                  AND (lease_owner IS NULL OR lease_expires_at < @now)
                ORDER BY next_poll_at LIMIT @max
                {dialect.ClaimLock}) AS due
            WHERE t.owner = due.due_owner AND t.job_id = due.due_job_id
            RETURNING {JobColumns};
            """;
        _recordObservationSql = $"""
            UPDATE tracked_jobs SET status = @status, application_ids = COALESCE(@application_ids, application_ids), last_checked = @now,
                next_poll_at = CASE WHEN state = 'tracking' AND @terminal = 1 THEN {dialect.Least}(next_poll_at, @now) ELSE next_poll_at END
            WHERE owner = @owner AND job_id = @job_id;
            """;
        _saveJobSql = $"""
            UPDATE tracked_jobs SET status = @status, application_ids = @application_ids, last_checked = @last_checked,
                state = CASE WHEN @state = 'done' AND @copy_requested = 0 AND copy_requested = 1 THEN 'copying' ELSE @state END,
                next_poll_at = CASE WHEN @state = 'done' AND @copy_requested = 0 AND copy_requested = 1
                    THEN {dialect.Least}(next_poll_at, @next_poll_at) ELSE @next_poll_at END,
                reason = @reason, failures = @failures, parent_id = @parent_id,
                lease_owner = CASE WHEN @release = 1 THEN NULL ELSE lease_owner END,
                lease_expires_at = CASE WHEN @release = 1 THEN NULL ELSE lease_expires_at END
            WHERE owner = @owner AND job_id = @job_id AND lease_owner = @lease_owner;
            """;
        _nextDueSql = $"""
            SELECT MIN({dialect.Greatest}(next_poll_at, COALESCE(lease_expires_at, 0))) FROM tracked_jobs
            WHERE state IN ('tracking', 'copying') AND blocked = 0;
            """;
    }

    public static JobStore Sqlite(string databasePath) => new(new SqliteDialect(databasePath));

    public static JobStore Postgres(string connectionString) => new(new PostgresDialect(connectionString));

    public SqlDialect Dialect => _dialect;

    public Task MigrateAsync(CancellationToken cancellationToken) => StoreMigrations.ApplyAsync(_dialect, cancellationToken);

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
        => Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM schema_version;", _ => { }, cancellationToken)) > 0;

    public async Task<TrackedJob> TrackAsync(TrackedJob job, CancellationToken cancellationToken)
        => (await QueryAsync(_trackSql, c => BindJob(c, job), JobRows, cancellationToken))[0];

    public async Task<TrackedJob?> GetJobAsync(string owner, string jobId, CancellationToken cancellationToken)
        => (await QueryAsync($"SELECT {JobColumns} FROM tracked_jobs WHERE owner = @owner AND job_id = @job_id;",
            c => BindKey(c, owner, jobId), JobRows, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<TrackedJob>> FindJobAsync(string jobId, CancellationToken cancellationToken)
        => QueryAsync($"SELECT {JobColumns} FROM tracked_jobs WHERE job_id = @job_id ORDER BY owner;",
            c => c.Bind("job_id", jobId), JobRows, cancellationToken);

    public Task<IReadOnlyList<TrackedJob>> ListJobsAsync(string owner, CancellationToken cancellationToken)
        => QueryAsync($"SELECT {JobColumns} FROM tracked_jobs WHERE owner = @owner ORDER BY created_at, job_id;",
            c => c.Bind("owner", owner), JobRows, cancellationToken);

    public Task<IReadOnlyList<TrackedJob>> AcquireDueAsync(
        string leaseOwner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken)
        => QueryAsync(_acquireDueSql,
            c => c.Bind("lease_owner", leaseOwner).Bind("lease_expires_at", now + leaseDuration).Bind("now", now).Bind("max", (long)max),
            JobRows, cancellationToken);

    public async Task<TrackedJob?> TryAcquireAsync(
        string owner, string jobId, string leaseOwner, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken)
        => (await QueryAsync($"""
            UPDATE tracked_jobs SET lease_owner = @lease_owner, lease_expires_at = @lease_expires_at
            WHERE owner = @owner AND job_id = @job_id AND (lease_owner IS NULL OR lease_expires_at < @now OR lease_owner = @lease_owner)
            RETURNING {JobColumns};
            """,
            c => BindKey(c, owner, jobId).Bind("lease_owner", leaseOwner).Bind("lease_expires_at", now + leaseDuration).Bind("now", now),
            JobRows, cancellationToken)).SingleOrDefault();

    // copy_requested and blocked are not written here: they change only through their own operations,
    // so a worker saving a job it read earlier cannot undo a request that arrived in between. For the same
    // reason a job that worker would end as done stays copying, due at once, when a copy request arrived
    // after the worker read it (the worker takes no done jobs, so the request would otherwise wait forever).
    public async Task<bool> SaveJobAsync(TrackedJob job, string leaseOwner, bool release, CancellationToken cancellationToken)
        => await ExecuteAsync(_saveJobSql,
            c => BindJob(c, job).Bind("lease_owner", leaseOwner).Bind("release", release), cancellationToken) == 1;

    public Task RecordObservationAsync(
        string owner, string jobId, string status, IReadOnlyList<string>? applicationIds, DateTimeOffset now, CancellationToken cancellationToken)
        => ExecuteAsync(_recordObservationSql,
            c => BindKey(c, owner, jobId).Bind("status", status).Bind("application_ids", Json(applicationIds))
                .Bind("now", now).Bind("terminal", TrackedJob.IsTerminal(status)),
            cancellationToken);

    public Task MarkVanishedAsync(string owner, string jobId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
        => ExecuteAsync("""
            UPDATE tracked_jobs SET state = 'vanished', reason = @reason, last_checked = @now
            WHERE owner = @owner AND job_id = @job_id AND state = 'tracking' AND (lease_owner IS NULL OR lease_expires_at < @now);
            """,
            c => BindKey(c, owner, jobId).Bind("reason", reason).Bind("now", now), cancellationToken);

    public Task ReleaseAsync(string owner, string jobId, string leaseOwner, CancellationToken cancellationToken)
        => ExecuteAsync("""
            UPDATE tracked_jobs SET lease_owner = NULL, lease_expires_at = NULL
            WHERE owner = @owner AND job_id = @job_id AND lease_owner = @lease_owner;
            """,
            c => BindKey(c, owner, jobId).Bind("lease_owner", leaseOwner), cancellationToken);

    public async Task<IReadOnlyDictionary<TrackingState, long>> CountJobsByStateAsync(CancellationToken cancellationToken)
        => (await QueryAsync("SELECT state, COUNT(*) AS jobs FROM tracked_jobs GROUP BY state;", _ => { }, StateCountRows, cancellationToken))
            .ToDictionary(row => row.State, row => row.Count);

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
        => await ScalarAsync(_nextDueSql, _ => { }, cancellationToken) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(ms)) : null;

    public Task BlockOwnerAsync(string owner, string reason, CancellationToken cancellationToken)
        => ExecuteAsync("UPDATE tracked_jobs SET blocked = 1, reason = @reason WHERE owner = @owner AND state IN ('tracking', 'copying');",
            c => c.Bind("owner", owner).Bind("reason", reason), cancellationToken);

    public Task<int> UnblockOwnerAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken)
        => ExecuteAsync("""
            UPDATE tracked_jobs SET blocked = 0, reason = NULL, failures = 0, next_poll_at = @now
            WHERE owner = @owner AND blocked = 1;
            """,
            c => c.Bind("owner", owner).Bind("now", now), cancellationToken);

    public async Task<bool> HasPendingWorkAsync(string owner, bool includeBlocked, CancellationToken cancellationToken)
        => Convert.ToInt64(await ScalarAsync("""
            SELECT CASE WHEN EXISTS (SELECT 1 FROM tracked_jobs WHERE owner = @owner AND state IN ('tracking', 'copying') AND (blocked = 0 OR @include_blocked = 1))
                          OR EXISTS (SELECT 1 FROM copy_attempts WHERE owner = @owner AND cleaned = 0)
                          OR EXISTS (SELECT 1 FROM watches WHERE owner = @owner)
                        THEN 1 ELSE 0 END;
            """,
            c => c.Bind("owner", owner).Bind("include_blocked", includeBlocked), cancellationToken)) != 0;

    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    private static DbCommand BindKey(DbCommand command, string owner, string jobId) => command.Bind("owner", owner).Bind("job_id", jobId);

    private static DbCommand BindJob(DbCommand command, TrackedJob job)
        => BindKey(command, job.Owner, job.JobId)
            .Bind("parent_id", job.ParentId)
            .Bind("status", job.Status)
            .Bind("application_ids", Json(job.ApplicationIds))
            .Bind("last_checked", job.LastChecked)
            .Bind("state", Name(job.State))
            .Bind("reason", job.Reason)
            .Bind("copy_requested", job.CopyRequested)
            .Bind("next_poll_at", job.NextPollAt)
            .Bind("failures", (long)job.Failures)
            .Bind("created_at", job.CreatedAt);
}
