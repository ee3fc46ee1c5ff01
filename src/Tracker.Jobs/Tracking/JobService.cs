using Microsoft.Extensions.Options;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.WebHdfs;
using Tracker.Jobs.Authentication;
using Tracker.Jobs.Credentials;
using Tracker.Jobs.LogCopy;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Telemetry;

namespace Tracker.Jobs.Tracking;

/// <summary>A tracked job with its copies keyed by application id.</summary>
internal sealed record JobView(TrackedJob Job, IReadOnlyDictionary<string, ApplicationCopy> Copies);

/// <summary>E3's answer: a tracked job with its copies, or (<see cref="Copies"/> null) what Oozie says of a job nobody tracks.</summary>
internal sealed record JobReading(TrackedJob Job, IReadOnlyDictionary<string, ApplicationCopy>? Copies);

/// <summary>One id of a copy request that got no copy: <see cref="Failure"/> is null when Oozie does not know the job.</summary>
internal sealed record CopyRequestFailure(string Id, HadoopException? Failure);

/// <summary>What a copy request left: the jobs whose copies were asked for, and the ids that failed.</summary>
internal sealed record CopyRequestOutcome(IReadOnlyList<JobView> Jobs, IReadOnlyList<CopyRequestFailure> Failures);

/// <summary>
/// The job operations of the API (track, request copies, refresh, status, and the reads behind them), the one
/// place where a request writes <c>tracked_jobs</c>. Each write is either taken under the job's lease, exactly as
/// the worker writes, or one atomic store statement that is safe beside a lease holder:
/// <list type="bullet">
/// <item><see cref="IJobStore.TrackAsync"/> only merges (copy_requested only rises, next_poll_at only moves
/// earlier, status and applications are a fresh observation) and the worker's <c>SaveJobAsync</c> never writes
/// copy_requested, so a request's mark survives a worker that read the job before it;</item>
/// <item><see cref="IJobStore.MarkVanishedAsync"/> does nothing while anyone holds the lease;</item>
/// <item><see cref="IJobStore.UnblockOwnerAsync"/> changes only the owner's blocked flag.</item>
/// </list>
/// A request never waits for a lease: when the worker holds the job it is working on it already, so the request
/// leaves the work to it (the mark above, then <see cref="TrackingSignal.Wake"/>) and answers with what is stored.
/// </summary>
internal sealed partial class JobService(
    IJobStore store,
    IOozieClient oozie,
    IWebHdfsClient webHdfs,
    ApplicationDiscovery discovery,
    JobProcessor processor,
    CredentialVault vault,
    TrackingSignal signal,
    IOptions<TrackingOptions> trackingOptions,
    IOptions<LogCopyOptions> copyOptions,
    TimeProvider time,
    JobsMetrics metrics)
{
    private const string VanishedReason = "Oozie no longer knows this job (purged or never existed).";

    private TrackingOptions Tracking => trackingOptions.Value;

    /// <summary>
    /// E1: starts tracking the ids Oozie shows the caller, and returns them as stored. Oozie is asked about every
    /// id before anything is stored, so a failing request leaves nothing behind.
    /// </summary>
    public async Task<IReadOnlyList<TrackedJob>> TrackAsync(Caller caller, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var found = new List<TrackedJob>();
        foreach (var id in ids)
        {
            var observed = await ObserveAsync(caller, id, ct);
            if (observed is not null)
            {
                found.Add(observed with { NextPollAt = TrackedJob.IsTerminal(observed.Status) ? now : now + Tracking.PollInterval });
            }
        }

        // The credentials go first: the worker may take a job the moment it is stored.
        if (found.Count > 0)
        {
            await vault.StoreAsync(caller.User, caller.Credentials, ct);
            await store.UnblockOwnerAsync(caller.User, now, ct);
        }

        var tracked = new List<TrackedJob>();
        foreach (var job in found)
        {
            tracked.Add(await store.TrackAsync(job, ct));
        }

        if (tracked.Count > 0)
        {
            signal.Wake();
        }

        return tracked;
    }

    /// <summary>
    /// E2: marks every job for copying, then starts its copies at once under the job's lease with the caller's
    /// credentials (<paramref name="refresh"/> copies finished ones again). A job the worker holds is left to the
    /// worker, which copies marked jobs on its step; the answer then reports the copies as they stand.
    /// </summary>
    public async Task<CopyRequestOutcome> RequestCopiesAsync(Caller caller, IReadOnlyList<string> ids, bool refresh, CancellationToken ct)
    {
        var jobs = new List<JobView>();
        var failures = new List<CopyRequestFailure>();
        foreach (var id in ids)
        {
            var job = await store.GetJobAsync(caller.User, id, ct);
            if (job is null || refresh || job.ApplicationIds is null)
            {
                job = await ObserveAsync(caller, id, ct);
                if (job is null)
                {
                    failures.Add(new CopyRequestFailure(id, null));
                    continue;
                }
            }

            await vault.StoreAsync(caller.User, caller.Credentials, ct);
            job = await store.TrackAsync(job with { CopyRequested = true, NextPollAt = time.GetUtcNow() }, ct);
            try
            {
                job = await UnderLeaseAsync(job, async leased =>
                    (await processor.RequestCopiesAsync(leased, caller.Credentials, refresh, ct)) with { NextPollAt = time.GetUtcNow() + Tracking.PollInterval }) ?? job;
            }
            catch (HadoopException e)
            {
                failures.Add(new CopyRequestFailure(id, e));
            }

            jobs.Add(new JobView(job, await CopiesAsync(job, ct)));
        }

        signal.Wake();
        return new CopyRequestOutcome(jobs, failures);
    }

    /// <summary>
    /// E3: the readable job, refreshed from Oozie when <paramref name="refresh"/> is asked or it may have changed;
    /// for a job nobody tracks, what Oozie says of it. Null when the caller may not see such a job.
    /// </summary>
    public async Task<JobReading?> ReadJobAsync(Caller caller, string id, bool refresh, CancellationToken ct)
    {
        var job = await FindReadableAsync(caller, id, ct);
        if (job is null)
        {
            return await ObserveAsync(caller, id, ct) is { } observed ? new JobReading(observed, null) : null;
        }

        var stale = job.LastChecked is null || time.GetUtcNow() - job.LastChecked.Value > Tracking.PollInterval;
        if (job.State != TrackingState.Vanished && (refresh || job.Status is null || (!TrackedJob.IsTerminal(job.Status) && stale)))
        {
            var refreshed = await processor.RefreshAsync(job, caller.Credentials, ct);
            if (refreshed is null)
            {
                await MarkVanishedAsync(job, ct);
                return null;
            }

            await RecordObservationAsync(job, refreshed.Status!, refreshed.ApplicationIds, ct);
            job = refreshed;
        }

        return new JobReading(job, await CopiesAsync(job, ct));
    }

    /// <summary>
    /// E4: the job's Oozie status; Oozie is asked whenever the job may still change. Null when the caller may not
    /// see such a job (or a tracked one vanished from Oozie).
    /// </summary>
    public async Task<string?> StatusAsync(Caller caller, string id, bool refresh, CancellationToken ct)
    {
        if (!refresh && _endedStatuses.TryGet(caller.User, id) is { } ended)
        {
            return ended;
        }

        var job = await FindReadableAsync(caller, id, ct);
        if (job is not null && (job.State == TrackingState.Vanished || (TrackedJob.IsTerminal(job.Status) && !refresh)))
        {
            var status = job.Status ?? "UNKNOWN";
            if (TrackedJob.IsTerminal(status))
            {
                _endedStatuses.Remember(caller.User, id, status);
            }

            return status;
        }

        if (job is not null)
        {
            var lookup = await oozie.GetJobStatusAsync(caller.Credentials, id, ct);
            if (lookup is not OozieLookup<string>.Found found)
            {
                await MarkVanishedAsync(job, ct);
                return null;
            }

            if (found.Value != job.Status)
            {
                await RecordObservationAsync(job, found.Value, null, ct);
            }

            return found.Value;
        }

        return (await ObserveAsync(caller, id, ct, discover: false))?.Status;
    }

    /// <summary>
    /// Records what a request just learnt from Oozie, under the job's lease: the write the worker would make, and
    /// a job that just ended becomes due at once so its copies start. When the worker holds the job it is asking
    /// Oozie itself; the observation is left to it and it is woken.
    /// </summary>
    private async Task RecordObservationAsync(TrackedJob job, string status, IReadOnlyList<string>? applicationIds, CancellationToken ct)
    {
        await UnderLeaseAsync(job, leased =>
        {
            var now = time.GetUtcNow();
            var due = leased.State == TrackingState.Tracking && TrackedJob.IsTerminal(status) && now < leased.NextPollAt ? now : leased.NextPollAt;
            return Task.FromResult(leased with { Status = status, ApplicationIds = applicationIds ?? leased.ApplicationIds, LastChecked = now, NextPollAt = due });
        });
        signal.Wake();
    }

    /// <summary>Oozie answered "no such job" for a tracked job: it is kept as vanished (a no-op while a lease is held).</summary>
    private Task MarkVanishedAsync(TrackedJob job, CancellationToken ct)
        => store.MarkVanishedAsync(job.Owner, job.JobId, VanishedReason, time.GetUtcNow(), ct);

    /// <summary>
    /// Takes the job's lease once, applies <paramref name="change"/> and writes the result back, releasing the lease;
    /// null, without waiting, when someone else (the worker) holds it.
    /// </summary>
    private async Task<TrackedJob?> UnderLeaseAsync(TrackedJob job, Func<TrackedJob, Task<TrackedJob>> change)
    {
        var leaseOwner = $"api/{Guid.NewGuid():N}";
        var leased = await store.TryAcquireAsync(job.Owner, job.JobId, leaseOwner, time.GetUtcNow(), Tracking.LeaseDuration, CancellationToken.None);
        if (leased is null)
        {
            metrics.LeaseConflict("api");
            signal.Wake();
            return null;
        }

        var saved = false;
        try
        {
            var changed = await change(leased);
            saved = await store.SaveJobAsync(changed, leaseOwner, release: true, CancellationToken.None);
            return changed;
        }
        finally
        {
            if (!saved)
            {
                await store.ReleaseAsync(job.Owner, job.JobId, leaseOwner, CancellationToken.None);
            }
        }
    }
}
