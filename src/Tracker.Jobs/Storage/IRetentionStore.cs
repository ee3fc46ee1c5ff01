namespace Tracker.Jobs.Storage;

/// <summary>
/// What retention needs from the store: pins, and deleting expired jobs under a lease. A job is claimed for deletion
/// by one conditional UPDATE that also checks the pin, so a pin that commits first always wins, and a pin asked for
/// after the claim is refused (the job is already on its way out).
/// </summary>
internal interface IRetentionStore
{
    /// <summary>Sets or clears the owner's pin; null when the owner does not track the job (or retention is deleting it).</summary>
    Task<bool?> SetPinnedAsync(string owner, string jobId, bool pinned, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="max"/> jobs retention may take now: unpinned, ended jobs whose logs were all saved before
    /// <paramref name="savedBefore"/>, and jobs an earlier sweep claimed whose lease has expired (a crash mid-way).
    /// </summary>
    Task<IReadOnlyList<RetentionCandidate>> FindExpiredAsync(DateTimeOffset savedBefore, DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Claims one candidate under <paramref name="leaseOwner"/> and, in the same transaction, removes its copy rows so
    /// nothing serves its logs as saved from then on; false when it is no longer eligible (pinned, leased, re-copied).
    /// </summary>
    Task<bool> ClaimForDeletionAsync(
        RetentionCandidate job, DateTimeOffset savedBefore, string leaseOwner, DateTimeOffset now, TimeSpan leaseDuration, CancellationToken cancellationToken);

    /// <summary>Removes a claimed job's rows (job, copies, attempts) while the lease is still held; false when it was lost.</summary>
    Task<bool> DeleteClaimedAsync(RetentionCandidate job, string leaseOwner, CancellationToken cancellationToken);
}

/// <summary>A tracked job retention may delete, by its key.</summary>
internal sealed record RetentionCandidate(string Owner, string JobId);
