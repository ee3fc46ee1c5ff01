using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tracker.Hadoop;
using Tracker.Jobs.Credentials;
using Tracker.Jobs.LogCopy;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Telemetry;

namespace Tracker.Jobs.Tracking;

/// <summary>
/// Moves one tracked job forward by one step while its lease is held: <see cref="JobRefresh"/> asks Oozie about
/// it, <see cref="ChildJobExpansion"/> tracks a coordinator's or bundle's workflows, <see cref="JobCopies"/> starts
/// and advances the log copies it needs (each through <see cref="CopyStateMachine"/>) and
/// <see cref="LogDirectoryCleanup"/> removes the ended copy workflows' directories. This class turns their answers
/// into the job's tracking state and schedules its next poll, backing off after upstream errors.
/// </summary>
internal sealed class JobProcessor(
    IJobStore store,
    JobRefresh refresh,
    ChildJobExpansion children,
    JobCopies copies,
    LogDirectoryCleanup cleanup,
    CredentialVault vault,
    Authentication.VerificationCache verified,
    IOptions<TrackingOptions> trackingOptions,
    TimeProvider time,
    ILogger<JobProcessor> logger,
    JobsMetrics metrics)
{
    private const string VanishedReason = "Oozie no longer knows this job (purged or never existed).";

    private TrackingOptions Tracking => trackingOptions.Value;

    /// <summary>
    /// The worker's entry: one step with the owner's stored credentials (<paramref name="credentialsOf"/> reads each
    /// owner's entry once per round), then the job is written back and its lease released; false when the lease is
    /// still to be released by the caller.
    /// </summary>
    public async Task<bool> ProcessAsync(
        TrackedJob job, string leaseOwner, Func<string, Task<KnoxCredentials?>> credentialsOf, CancellationToken cancellationToken)
    {
        var credentials = await credentialsOf(job.Owner);
        if (credentials is null)
        {
            await store.BlockOwnerAsync(job.Owner, "No stored credentials (expired): send any authenticated request to resume.", cancellationToken);
            TrackingLog.NoCredentials(logger, job.Owner, job.JobId);
            return false;
        }

        TrackedJob next;
        try
        {
            next = await StepAsync(job, credentials, cancellationToken);
            next = next with { Failures = 0, NextPollAt = time.GetUtcNow() + PollSchedule.Jittered(Tracking.PollInterval, Tracking.Jitter, Random.Shared.NextDouble()) };
        }
        catch (KnoxAuthenticationException)
        {
            // Never retry a password Knox refused: repeated failures can lock the account behind Knox. The
            // requests' verification cache forgets the user too, so the refused password stops working now.
            await vault.ForgetAsync(job.Owner, cancellationToken);
            verified.ForgetUser(job.Owner);
            await store.BlockOwnerAsync(job.Owner, "Knox refused the stored credentials (401): sign in again to resume.", cancellationToken);
            TrackingLog.CredentialsRefused(logger, job.Owner, job.JobId);
            return false;
        }
        catch (HadoopUpstreamException e)
        {
            var failures = job.Failures + 1;
            var delay = Backoff(Tracking.PollInterval, failures, Tracking.MaxBackoff);
            next = job with { Failures = failures, Reason = e.Message, NextPollAt = time.GetUtcNow() + delay };
            TrackingLog.UpstreamError(logger, job.JobId, failures, delay, e.Message);
        }

        if (!await store.SaveJobAsync(next, leaseOwner, release: true, cancellationToken))
        {
            TrackingLog.LeaseLost(logger, job.JobId);
            metrics.LeaseConflict("worker");
            return true;
        }

        if (next.State is TrackingState.Done or TrackingState.Vanished && await vault.ForgetIfIdleAsync(job.Owner, cancellationToken))
        {
            TrackingLog.CredentialsForgotten(logger, job.Owner);
        }

        return true;
    }

    /// <summary>One step of the job's life; the caller holds the lease and writes the returned job back.</summary>
    public async Task<TrackedJob> StepAsync(TrackedJob job, KnoxCredentials credentials, CancellationToken cancellationToken)
    {
        OozieJobId.TryParse(job.JobId, out _, out var kind);
        if (kind != OozieJobKind.Workflow)
        {
            return await children.StepAsync(job, kind, credentials, cancellationToken) ?? Vanished(job);
        }

        if (!TrackedJob.IsTerminal(job.Status) || job.ApplicationIds is null)
        {
            var refreshed = await RefreshAsync(job, credentials, cancellationToken);
            if (refreshed is null)
            {
                return Vanished(job);
            }

            job = refreshed;
        }

        var terminal = TrackedJob.IsTerminal(job.Status);
        if (!terminal && !job.CopyRequested)
        {
            // Copies exist only for ended jobs or on request: a running job costs one Oozie call and one write.
            return job with { State = TrackingState.Tracking };
        }

        var all = await copies.AdvanceAsync(job, credentials, cancellationToken);
        var uncleaned = await cleanup.RemoveEndedAsync(job, credentials, cancellationToken);
        // A partial copy keeps an ended job Copying: it is made again in full (see JobCopies.AdvanceAsync).
        var state = !terminal ? TrackingState.Tracking
            : all.Any(c => !c.IsFinal || c.Partial) || uncleaned > 0 ? TrackingState.Copying
            : TrackingState.Done;
        return job with { State = state, Reason = state == TrackingState.Done ? null : job.Reason };
    }

    /// <summary>Reads the job's status and, when it changed or is unknown, its applications; null when Oozie does not know it.</summary>
    public Task<TrackedJob?> RefreshAsync(TrackedJob job, KnoxCredentials credentials, CancellationToken cancellationToken)
        => refresh.RefreshAsync(job, credentials, cancellationToken);

    /// <summary>
    /// Copies asked for through copy-logs: creates the missing ones, restarts failed ones (and, with
    /// <paramref name="refresh"/>, finished ones), then starts them at once with the caller's credentials.
    /// </summary>
    public async Task<TrackedJob> RequestCopiesAsync(TrackedJob job, KnoxCredentials credentials, bool refresh, CancellationToken cancellationToken)
    {
        await copies.RequestAsync(job, refresh, cancellationToken);
        return await StepAsync(job, credentials, cancellationToken);
    }

    internal static TimeSpan Backoff(TimeSpan first, int failures, TimeSpan max) => PollSchedule.Backoff(first, failures, max);

    private TrackedJob Vanished(TrackedJob job)
    {
        TrackingLog.Vanished(logger, job.JobId);
        return job with { State = TrackingState.Vanished, Reason = VanishedReason, LastChecked = time.GetUtcNow() };
    }
}
