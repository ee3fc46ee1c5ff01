namespace Tracker.Jobs.Watches;

/// <summary>
/// The watches' part of the job store. Leases are (owner, expiry) columns on the watch row, claimed as the worker
/// claims jobs, so several replicas on one PostgreSQL database run each due watch once.
/// </summary>
internal interface IWatchStore
{
    Task CreateWatchAsync(Watch watch, CancellationToken cancellationToken);

    /// <summary>The watch when it exists and belongs to <paramref name="owner"/>; other users' watches are not found.</summary>
    Task<Watch?> GetWatchAsync(string owner, string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Watch>> ListWatchesAsync(string owner, CancellationToken cancellationToken);

    Task<bool> DeleteWatchAsync(string owner, string id, CancellationToken cancellationToken);

    /// <summary>Claims up to <paramref name="max"/> watches due at <paramref name="now"/> whose lease is free or expired.</summary>
    Task<IReadOnlyList<Watch>> AcquireDueWatchesAsync(
        string leaseOwner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a run's outcome and releases the lease; false when the lease was lost (or the watch deleted), and
    /// nothing is written. The cursor never moves back.
    /// </summary>
    Task<bool> SaveWatchRunAsync(string id, string leaseOwner, WatchRun run, CancellationToken cancellationToken);

    /// <summary>The earliest time a watch is due (or its lease expires); null without watches.</summary>
    Task<DateTimeOffset?> NextWatchDueAsync(CancellationToken cancellationToken);
}
