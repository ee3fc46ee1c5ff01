namespace Tracker.Jobs.Storage;

/// <summary>
/// Durable state of the job tracker: tracked jobs with their leases, application copies and their attempts,
/// and the credential vault's encrypted entries. SQLite implements it for one process; the operations are
/// written so that a PostgreSQL implementation can serve several replicas: every piece of background work is
/// taken under a lease (owner, expiry) and written back only while that lease is held.
/// </summary>
internal interface IJobStore
{
    Task MigrateAsync(CancellationToken cancellationToken);

    Task<bool> PingAsync(CancellationToken cancellationToken);

    /// <summary>Starts tracking, or refreshes an existing entry without losing its copies.</summary>
    Task<TrackedJob> TrackAsync(TrackedJob job, CancellationToken cancellationToken);

    Task<TrackedJob?> GetJobAsync(string owner, string jobId, CancellationToken cancellationToken);

    /// <summary>Every owner's entry for the job id (for administrators).</summary>
    Task<IReadOnlyList<TrackedJob>> FindJobAsync(string jobId, CancellationToken cancellationToken);

    Task<IReadOnlyList<TrackedJob>> ListJobsAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Takes up to <paramref name="max"/> due, unblocked, unleased jobs for <paramref name="leaseOwner"/>.</summary>
    Task<IReadOnlyList<TrackedJob>> AcquireDueAsync(string leaseOwner, DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken);

    /// <summary>Takes one job's lease now (an API request acting on it), whether it is due or not.</summary>
    Task<TrackedJob?> TryAcquireAsync(string owner, string jobId, string leaseOwner, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the job back if the lease is still held, releasing it in the same write when <paramref name="release"/>
    /// is set; false when another worker took it over.
    /// </summary>
    Task<bool> SaveJobAsync(TrackedJob job, string leaseOwner, bool release, CancellationToken cancellationToken);

    /// <summary>
    /// Records what an API request just learnt from Oozie (status, applications) without touching the job's
    /// place in the worker's life cycle; a job that just ended becomes due at once so its copies start.
    /// </summary>
    Task RecordObservationAsync(string owner, string jobId, string status, IReadOnlyList<string>? applicationIds, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks a job Oozie no longer knows, unless a worker holds it.</summary>
    Task MarkVanishedAsync(string owner, string jobId, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    Task ReleaseAsync(string owner, string jobId, string leaseOwner, CancellationToken cancellationToken);

    /// <summary>How many tracked jobs are in each tracking state (states without any are left out).</summary>
    Task<IReadOnlyDictionary<TrackingState, long>> CountJobsByStateAsync(CancellationToken cancellationToken);

    /// <summary>When the next job becomes due, or null when nothing is waiting.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<ApplicationCopy>> GetCopiesAsync(string owner, string jobId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApplicationCopy>> GetCopiesAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Writes one copy, with the attempt it belongs to when one was started; only under the job's lease.</summary>
    Task SaveCopyAsync(ApplicationCopy copy, CopyAttempt? attempt, CancellationToken cancellationToken);

    Task<IReadOnlyList<CopyAttempt>> GetAttemptsAsync(string owner, string jobId, CancellationToken cancellationToken);

    Task SaveAttemptAsync(CopyAttempt attempt, CancellationToken cancellationToken);

    /// <summary>Stops background work for every job of the owner, recording why.</summary>
    Task BlockOwnerAsync(string owner, string reason, CancellationToken cancellationToken);

    /// <summary>Resumes the owner's blocked jobs (fresh credentials arrived); returns how many.</summary>
    Task<int> UnblockOwnerAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Whether the owner has a job still to track or copy (blocked ones included).</summary>
    Task<bool> HasPendingWorkAsync(string owner, bool includeBlocked, CancellationToken cancellationToken);

    Task<StoredCredential?> GetCredentialAsync(string owner, CancellationToken cancellationToken);

    Task PutCredentialAsync(StoredCredential credential, CancellationToken cancellationToken);

    Task DeleteCredentialAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Removes entries whose time to live has passed; returns how many.</summary>
    Task<int> DeleteExpiredCredentialsAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A vault entry as stored: only the Data Protection payload, never the secret itself.</summary>
internal sealed record StoredCredential(string Owner, byte[] Protected, DateTimeOffset ExpiresAt, DateTimeOffset UpdatedAt);
