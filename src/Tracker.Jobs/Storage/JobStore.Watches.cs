using System.Data.Common;
using Tracker.Jobs.Storage.Dialects;
using Tracker.Jobs.Watches;

namespace Tracker.Jobs.Storage;

// The watches table: the same lease protocol as tracked_jobs (a conditional UPDATE ... RETURNING over rows picked
// with the dialect's ClaimLock), so replicas on PostgreSQL never run one watch at the same time.
internal sealed partial class JobStore : IWatchStore
{
    private const string WatchColumns = "id, owner, filter, jobtype, created_at, cursor_at, tracked, blocked, reason, next_run_at";

    public Task CreateWatchAsync(Watch watch, CancellationToken cancellationToken)
        => ExecuteAsync("""
            INSERT INTO watches (id, owner, filter, jobtype, created_at, cursor_at, tracked, blocked, reason, next_run_at)
            VALUES (@id, @owner, @filter, @jobtype, @created_at, @cursor_at, @tracked, @blocked, @reason, @next_run_at);
            """,
            c => c.Bind("id", watch.Id).Bind("owner", watch.Owner).Bind("filter", watch.Filter).Bind("jobtype", watch.JobType)
                .Bind("created_at", watch.CreatedAt).Bind("cursor_at", watch.Cursor).Bind("tracked", watch.Tracked)
                .Bind("blocked", watch.Blocked).Bind("reason", watch.Reason).Bind("next_run_at", watch.NextRunAt),
            cancellationToken);

    public async Task<Watch?> GetWatchAsync(string owner, string id, CancellationToken cancellationToken)
        => (await QueryAsync($"SELECT {WatchColumns} FROM watches WHERE owner = @owner AND id = @id;",
            c => c.Bind("owner", owner).Bind("id", id), WatchRows, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<Watch>> ListWatchesAsync(string owner, CancellationToken cancellationToken)
        => QueryAsync($"SELECT {WatchColumns} FROM watches WHERE owner = @owner ORDER BY created_at, id;",
            c => c.Bind("owner", owner), WatchRows, cancellationToken);

    public async Task<bool> DeleteWatchAsync(string owner, string id, CancellationToken cancellationToken)
        => await ExecuteAsync("DELETE FROM watches WHERE owner = @owner AND id = @id;", c => c.Bind("owner", owner).Bind("id", id), cancellationToken) == 1;

    public Task<IReadOnlyList<Watch>> AcquireDueWatchesAsync(
        string leaseOwner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken)
        => QueryAsync($"""
            UPDATE watches AS w SET lease_owner = @lease_owner, lease_expires_at = @lease_expires_at
            FROM (
                SELECT id AS due_id FROM watches
                WHERE next_run_at <= @now AND (lease_owner IS NULL OR lease_expires_at < @now)
                ORDER BY next_run_at LIMIT @max
                {_dialect.ClaimLock}) AS due
            WHERE w.id = due.due_id
            RETURNING {WatchColumns};
            """,
            c => c.Bind("lease_owner", leaseOwner).Bind("lease_expires_at", now + leaseDuration).Bind("now", now).Bind("max", (long)max),
            WatchRows, cancellationToken);

    public async Task<bool> SaveWatchRunAsync(string id, string leaseOwner, WatchRun run, CancellationToken cancellationToken)
        => await ExecuteAsync($"""
            UPDATE watches SET cursor_at = {_dialect.Greatest}(cursor_at, @cursor_at), tracked = tracked + @newly_tracked,
                blocked = @blocked, reason = @reason, next_run_at = @next_run_at, lease_owner = NULL, lease_expires_at = NULL
            WHERE id = @id AND lease_owner = @lease_owner;
            """,
            c => c.Bind("id", id).Bind("lease_owner", leaseOwner).Bind("cursor_at", run.Cursor).Bind("newly_tracked", run.NewlyTracked)
                .Bind("blocked", run.Blocked).Bind("reason", run.Reason).Bind("next_run_at", run.NextRunAt),
            cancellationToken) == 1;

    public async Task<DateTimeOffset?> NextWatchDueAsync(CancellationToken cancellationToken)
        => await ScalarAsync($"SELECT MIN({_dialect.Greatest}(next_run_at, COALESCE(lease_expires_at, 0))) FROM watches;", _ => { }, cancellationToken) is { } ms
            ? DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(ms))
            : null;

    private static Func<DbDataReader, Watch> WatchRows(DbDataReader reader)
    {
        Func<string, int> c = reader.GetOrdinal;
        int id = c("id"), owner = c("owner"), filter = c("filter"), jobType = c("jobtype"), createdAt = c("created_at"), cursor = c("cursor_at"),
            tracked = c("tracked"), blocked = c("blocked"), reason = c("reason"), nextRunAt = c("next_run_at");
        return r => new Watch
        {
            Id = r.GetString(id),
            Owner = r.GetString(owner),
            Filter = r.GetString(filter),
            JobType = r.GetString(jobType),
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(createdAt)),
            Cursor = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(cursor)),
            Tracked = r.GetInt64(tracked),
            Blocked = r.GetInt64(blocked) != 0,
            Reason = r.IsDBNull(reason) ? null : r.GetString(reason),
            NextRunAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(nextRunAt)),
        };
    }
}
