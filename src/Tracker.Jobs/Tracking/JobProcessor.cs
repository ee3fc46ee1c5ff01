using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.WebHdfs;
using Tracker.Jobs.Credentials;
using Tracker.Jobs.LogCopy;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Telemetry;

namespace Tracker.Jobs.Tracking;

/// <summary>
/// Moves one tracked job forward by one step while its lease is held: asks Oozie about it, starts the log copies
/// it needs, follows the copy workflows, checks the copied files and removes the workflow directories. Every
/// change is written before the next upstream call, so a crash at any point resumes from the last recorded step;
/// in particular an attempt is recorded before its copy workflow is submitted, and an attempt found recorded but
/// without a workflow id is looked up in Oozie instead of being submitted again.
/// </summary>
internal sealed partial class JobProcessor(
    IJobStore store,
    IOozieClient oozie,
    IWebHdfsClient webHdfs,
    ApplicationDiscovery discovery,
    CopyWorkflowLauncher launcher,
    CredentialVault vault,
    Authentication.VerificationCache verified,
    IOptions<TrackingOptions> trackingOptions,
    TimeProvider time,
    ILogger<JobProcessor> logger,
    JobsMetrics metrics)
{
    private TrackingOptions Tracking => trackingOptions.Value;

    private LogCopyOptions Copying => launcher.Options;

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
            LogNoCredentials(logger, job.Owner, job.JobId);
            return false;
        }

        TrackedJob next;
        try
        {
            next = await StepAsync(job, credentials, cancellationToken);
            next = next with { Failures = 0, NextPollAt = NextPoll(next) };
        }
        catch (KnoxAuthenticationException)
        {
            // Never retry a password Knox refused: repeated failures can lock the account behind Knox. The
            // requests' verification cache forgets the user too, so the refused password stops working now.
            await vault.ForgetAsync(job.Owner, cancellationToken);
            verified.ForgetUser(job.Owner);
            await store.BlockOwnerAsync(job.Owner, "Knox refused the stored credentials (401): sign in again to resume.", cancellationToken);
            LogCredentialsRefused(logger, job.Owner, job.JobId);
            return false;
        }
        catch (HadoopUpstreamException e)
        {
            var failures = job.Failures + 1;
            var delay = Backoff(Tracking.PollInterval, failures, Tracking.MaxBackoff);
            next = job with { Failures = failures, Reason = e.Message, NextPollAt = time.GetUtcNow() + delay };
            LogUpstreamError(logger, job.JobId, failures, delay, e.Message);
        }

        if (!await store.SaveJobAsync(next, leaseOwner, release: true, cancellationToken))
        {
            LogLeaseLost(logger, job.JobId);
            metrics.LeaseConflict("worker");
            return true;
        }

        if (next.State is TrackingState.Done or TrackingState.Vanished && await vault.ForgetIfIdleAsync(job.Owner, cancellationToken))
        {
            LogCredentialsForgotten(logger, job.Owner);
        }

        return true;
    }

    /// <summary>One step of the job's life; the caller holds the lease and writes the returned job back.</summary>
    public async Task<TrackedJob> StepAsync(TrackedJob job, KnoxCredentials credentials, CancellationToken cancellationToken)
    {
        OozieJobId.TryParse(job.JobId, out _, out var kind);
        if (kind != OozieJobKind.Workflow)
        {
            return await StepParentAsync(job, kind, credentials, cancellationToken);
        }

        var now = time.GetUtcNow();
        if (!TrackedJob.IsTerminal(job.Status) || job.ApplicationIds is null)
        {
            var refreshed = await RefreshAsync(job, credentials, cancellationToken);
            if (refreshed is null)
            {
                LogVanished(logger, job.JobId);
                return job with { State = TrackingState.Vanished, Reason = "Oozie no longer knows this job (purged or never existed).", LastChecked = now };
            }

            job = refreshed;
        }

        var terminal = TrackedJob.IsTerminal(job.Status);
        if (!terminal && !job.CopyRequested)
        {
            // Copies exist only for ended jobs or on request: a running job costs one Oozie call and one write.
            return job with { State = TrackingState.Tracking };
        }

        var copies = (await store.GetCopiesAsync(job.Owner, job.JobId, cancellationToken)).ToDictionary(c => c.ApplicationId, StringComparer.Ordinal);
        if (terminal && (job.Status is "FAILED" or "KILLED" || job.CopyRequested))
        {
            foreach (var applicationId in job.ApplicationIds ?? [])
            {
                if (!copies.TryGetValue(applicationId, out var copy) || (copy.Partial && copy.IsFinal))
                {
                    // A copy made while the job still ran may miss the end of the logs: it is made again now.
                    copy = NewCopy(job, applicationId, partial: false, now);
                    await store.SaveCopyAsync(copy, null, cancellationToken);
                    copies[applicationId] = copy;
                }
            }
        }

        foreach (var copy in copies.Values.Where(c => !c.IsFinal).ToList())
        {
            copies[copy.ApplicationId] = await AdvanceCopyAsync(job, copy, credentials, cancellationToken);
        }

        var uncleaned = await RemoveEndedWorkflowDirectoriesAsync(job, credentials, cancellationToken);
        var state = !terminal ? TrackingState.Tracking
            : copies.Values.Any(c => !c.IsFinal || c.Partial) || uncleaned > 0 ? TrackingState.Copying
            : TrackingState.Done;
        if (state == TrackingState.Done && copies.Values.Any(c => c.Partial))
        {
            state = TrackingState.Copying;
        }

        return job with { State = state, Reason = state == TrackingState.Done ? null : job.Reason };
    }

    /// <summary>Reads the job's status and, when it changed or is unknown, its applications; null when Oozie does not know it.</summary>
    public async Task<TrackedJob?> RefreshAsync(TrackedJob job, KnoxCredentials credentials, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (OozieJobId.TryParse(job.JobId, out _, out var kind) && kind != OozieJobKind.Workflow)
        {
            // A coordinator or bundle has no applications of its own; its workflows are tracked jobs of their own.
            var parentStatus = await oozie.GetJobStatusAsync(credentials, job.JobId, cancellationToken);
            return parentStatus is OozieLookup<string>.Found { Value: var value }
                ? job with { Status = value, ApplicationIds = job.ApplicationIds ?? [], LastChecked = now }
                : null;
        }

        if (job.ApplicationIds is not null && job.Status is not null)
        {
            // One light call per poll while nothing changes.
            var status = await oozie.GetJobStatusAsync(credentials, job.JobId, cancellationToken);
            if (status is OozieLookup<string>.NotFound)
            {
                return null;
            }

            var current = ((OozieLookup<string>.Found)status).Value;
            if (current == job.Status)
            {
                return job with { LastChecked = now };
            }
        }

        var info = await oozie.GetJobInfoAsync(credentials, job.JobId, cancellationToken: cancellationToken);
        if (info is not OozieLookup<WorkflowJob>.Found found)
        {
            return null;
        }

        var workflow = found.Value;
        var applications = await discovery.DiscoverAsync(credentials, workflow, askResourceManager: workflow.IsTerminal, cancellationToken);
        if (workflow.Status != job.Status)
        {
            LogStatusChanged(logger, job.JobId, job.Status ?? "(new)", workflow.Status);
        }

        return job with { Status = workflow.Status, ApplicationIds = applications, LastChecked = now };
    }

    /// <summary>
    /// Copies asked for through copy-logs: creates the missing ones, restarts failed ones (and, with
    /// <paramref name="refresh"/>, finished ones), then starts them at once with the caller's credentials.
    /// </summary>
    public async Task<TrackedJob> RequestCopiesAsync(TrackedJob job, KnoxCredentials credentials, bool refresh, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var terminal = TrackedJob.IsTerminal(job.Status);
        var copies = (await store.GetCopiesAsync(job.Owner, job.JobId, cancellationToken)).ToDictionary(c => c.ApplicationId, StringComparer.Ordinal);
        foreach (var applicationId in job.ApplicationIds ?? [])
        {
            var restart = !copies.TryGetValue(applicationId, out var copy)
                || (copy.State == CopyState.Failed)
                || (refresh && copy.IsFinal);
            if (restart)
            {
                await store.SaveCopyAsync(NewCopy(job, applicationId, partial: !terminal, now), null, cancellationToken);
            }
        }

        return await StepAsync(job, credentials, cancellationToken);
    }

    private ApplicationCopy NewCopy(TrackedJob job, string applicationId, bool partial, DateTimeOffset now) => new()
    {
        Owner = job.Owner,
        JobId = job.JobId,
        ApplicationId = applicationId,
        State = CopyState.Pending,
        Attempt = 0,
        Partial = partial,
        NextAttemptAt = now,
        UpdatedAt = now,
    };

    private async Task<ApplicationCopy> AdvanceCopyAsync(TrackedJob job, ApplicationCopy copy, KnoxCredentials credentials, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        switch (copy.State)
        {
            case CopyState.Pending when copy.NextAttemptAt <= now:
            {
                var attempt = new CopyAttempt
                {
                    Owner = job.Owner,
                    JobId = job.JobId,
                    ApplicationId = copy.ApplicationId,
                    Attempt = copy.Attempt + 1,
                    AppPath = launcher.NewAppDirectory(job.Owner),
                };
                var submitting = copy with
                {
                    State = CopyState.Submitting,
                    Attempt = attempt.Attempt,
                    AppPath = attempt.AppPath,
                    WorkflowId = null,
                    Partial = !TrackedJob.IsTerminal(job.Status),
                    UpdatedAt = now,
                };
                // Recorded before submitting: after a crash the attempt is reconciled, never blindly repeated.
                await store.SaveCopyAsync(submitting, attempt, cancellationToken);
                return await SubmitAsync(job, submitting, attempt, credentials, reconcile: false, cancellationToken);
            }

            case CopyState.Submitting:
            {
                var attempt = (await store.GetAttemptsAsync(job.Owner, job.JobId, cancellationToken))
                    .FirstOrDefault(a => a.AppPath == copy.AppPath)
                    ?? new CopyAttempt { Owner = job.Owner, JobId = job.JobId, ApplicationId = copy.ApplicationId, Attempt = copy.Attempt, AppPath = copy.AppPath! };
                return await SubmitAsync(job, copy, attempt, credentials, reconcile: true, cancellationToken);
            }

            case CopyState.Submitted:
                return await FollowAsync(job, copy, credentials, cancellationToken);

            default:
                return copy;
        }
    }

    private async Task<ApplicationCopy> SubmitAsync(
        TrackedJob job, ApplicationCopy copy, CopyAttempt attempt, KnoxCredentials credentials, bool reconcile, CancellationToken cancellationToken)
    {
        string workflowId;
        try
        {
            var existing = reconcile
                ? await launcher.FindSubmittedAsync(credentials, job.Owner, copy.ApplicationId, attempt.AppPath, cancellationToken)
                : null;
            if (existing is not null)
            {
                LogReconciled(logger, existing, job.JobId, copy.ApplicationId);
            }

            // Once Oozie accepted the workflow its id must be written, whatever happens to the caller.
            workflowId = existing ?? await launcher.SubmitAsync(credentials, job.Owner, job.JobId, copy.ApplicationId, attempt.AppPath, cancellationToken);
            if (existing is null)
            {
                metrics.CopyStarted();
            }
        }
        catch (KnoxAuthenticationException)
        {
            throw;
        }
        catch (HadoopUpstreamException e)
        {
            return await EndAttemptAsync(copy, attempt, succeeded: false, $"Cannot submit the copy workflow: {e.Message}", cancellationToken);
        }

        LogCopySubmitted(logger, workflowId, job.JobId, copy.ApplicationId, copy.Attempt);
        var submitted = copy with { State = CopyState.Submitted, WorkflowId = workflowId, UpdatedAt = time.GetUtcNow() };
        await store.SaveCopyAsync(submitted, attempt with { WorkflowId = workflowId }, CancellationToken.None);
        return submitted;
    }

    private async Task<ApplicationCopy> FollowAsync(TrackedJob job, ApplicationCopy copy, KnoxCredentials credentials, CancellationToken cancellationToken)
    {
        var attempt = (await store.GetAttemptsAsync(job.Owner, job.JobId, cancellationToken))
            .FirstOrDefault(a => a.AppPath == copy.AppPath)
            ?? new CopyAttempt { Owner = job.Owner, JobId = job.JobId, ApplicationId = copy.ApplicationId, Attempt = copy.Attempt, AppPath = copy.AppPath!, WorkflowId = copy.WorkflowId };
        var lookup = await oozie.GetJobStatusAsync(credentials, copy.WorkflowId!, cancellationToken);
        if (lookup is not OozieLookup<string>.Found { Value: var status })
        {
            return await EndAttemptAsync(copy, attempt, succeeded: false, $"Copy workflow {copy.WorkflowId} vanished from Oozie.", cancellationToken);
        }

        switch (status)
        {
            case WorkflowJobStatus.Succeeded:
                var path = CopyWorkflow.LogPath(Copying.LogDirectory(job.Owner), job.JobId, copy.ApplicationId);
                var file = await webHdfs.GetFileStatusAsync(credentials, path, cancellationToken);
                return file is { Type: HdfsFileType.File, Length: > 0 }
                    ? await EndAttemptAsync(copy, attempt, succeeded: true, null, cancellationToken)
                    : await EndAttemptAsync(copy, attempt, succeeded: false,
                        $"Copy workflow {copy.WorkflowId} succeeded but {path} is {(file is null ? "missing" : "empty")}.", cancellationToken);
            case WorkflowJobStatus.Failed or WorkflowJobStatus.Killed:
                return await EndAttemptAsync(copy, attempt, succeeded: false, $"Copy workflow {copy.WorkflowId} ended {status}.", cancellationToken);
            default:
                return copy;
        }
    }

    private async Task<ApplicationCopy> EndAttemptAsync(
        ApplicationCopy copy, CopyAttempt attempt, bool succeeded, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        ApplicationCopy ended;
        if (succeeded)
        {
            ended = copy with { State = CopyState.Succeeded, Error = null, UpdatedAt = now };
            LogCopySucceeded(logger, copy.JobId, copy.ApplicationId);
            metrics.CopySaved();
        }
        else if (copy.Attempt < Copying.MaxAttempts)
        {
            var delay = Backoff(Copying.RetryBackoff, copy.Attempt, TimeSpan.FromHours(1));
            ended = copy with { State = CopyState.Pending, Error = error, NextAttemptAt = now + delay, UpdatedAt = now };
            LogCopyRetry(logger, copy.JobId, copy.ApplicationId, copy.Attempt, delay, error ?? "");
            metrics.CopyRetried();
        }
        else
        {
            ended = copy with { State = CopyState.Failed, Error = error, UpdatedAt = now };
            LogCopyFailed(logger, copy.JobId, copy.ApplicationId, copy.Attempt, error ?? "");
            metrics.CopyFailed();
        }

        await store.SaveCopyAsync(ended, attempt with { Ended = true }, cancellationToken);
        return ended;
    }

    /// <summary>Deletes the workflow application directories of ended attempts; returns how many remain.</summary>
    private async Task<int> RemoveEndedWorkflowDirectoriesAsync(TrackedJob job, KnoxCredentials credentials, CancellationToken cancellationToken)
    {
        var remaining = 0;
        foreach (var attempt in await store.GetAttemptsAsync(job.Owner, job.JobId, cancellationToken))
        {
            if (!attempt.Ended || attempt.Cleaned)
            {
                continue;
            }

            try
            {
                await webHdfs.DeleteAsync(credentials, attempt.AppPath, recursive: true, cancellationToken);
                await store.SaveAttemptAsync(attempt with { Cleaned = true }, cancellationToken);
            }
            catch (HadoopUpstreamException e)
            {
                remaining++;
                LogCleanupFailed(logger, attempt.AppPath, e.Message);
            }
        }

        return remaining;
    }

    /// <summary>
    /// A coordinator or bundle: each poll reads it once and starts tracking, as jobs of their own linked by
    /// <see cref="TrackedJob.ParentId"/>, the workflows a coordinator's actions materialised (their <c>externalId</c>)
    /// or a bundle's coordinators (which in turn find their workflows). It is followed until Oozie says it ended; its
    /// last answer lists every child, so none is missed at the end.
    /// </summary>
    private async Task<TrackedJob> StepParentAsync(TrackedJob job, OozieJobKind kind, KnoxCredentials credentials, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var found = kind == OozieJobKind.Coordinator
            ? await ReadCoordinatorAsync(job.JobId, credentials, cancellationToken)
            : await oozie.GetBundleJobInfoAsync(credentials, job.JobId, cancellationToken) is OozieLookup<BundleJob>.Found { Value: var bundle }
                ? (bundle.Status, bundle.Coordinators.Select(c => c.Id).ToList())
                : ((string Status, List<string> Children)?)null;
        if (found is not { } parent)
        {
            LogVanished(logger, job.JobId);
            return job with { State = TrackingState.Vanished, Reason = "Oozie no longer knows this job (purged or never existed).", LastChecked = now };
        }

        // One read of the owner's jobs instead of one per child: a coordinator may have thousands of actions.
        var known = (await store.ListJobsAsync(job.Owner, cancellationToken)).Select(j => j.JobId).ToHashSet(StringComparer.Ordinal);
        foreach (var child in parent.Children.Where(known.Add))
        {
            await store.TrackAsync(new TrackedJob
            {
                Owner = job.Owner,
                JobId = child,
                ParentId = job.JobId,
                State = TrackingState.Tracking,
                CopyRequested = job.CopyRequested,
                NextPollAt = now,
                CreatedAt = now,
            }, cancellationToken);
            LogChildTracked(logger, child, job.JobId);
        }

        if (parent.Status != job.Status)
        {
            LogStatusChanged(logger, job.JobId, job.Status ?? "(new)", parent.Status);
        }

        return job with
        {
            Status = parent.Status,
            ApplicationIds = [],
            LastChecked = now,
            State = OozieJobStatus.IsTerminal(parent.Status) ? TrackingState.Done : TrackingState.Tracking,
            Reason = null,
        };
    }

    /// <summary>A coordinator's status and the workflow ids of all its actions, page by page; null when Oozie does not know it.</summary>
    private async Task<(string Status, List<string> Children)?> ReadCoordinatorAsync(string jobId, KnoxCredentials credentials, CancellationToken cancellationToken)
    {
        const int PageSize = 1000;
        const int MaxPages = 100;
        var children = new List<string>();
        string? status = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var lookup = await oozie.GetCoordinatorJobInfoAsync(credentials, jobId, 1 + page * PageSize, PageSize, cancellationToken: cancellationToken);
            if (lookup is not OozieLookup<CoordinatorJob>.Found { Value: var coordinator })
            {
                return null;
            }

            status ??= coordinator.Status;
            children.AddRange(coordinator.Actions
                .Select(a => OozieJobId.TryParse(a.ExternalId, out var id, out var childKind) && childKind == OozieJobKind.Workflow ? id : null)
                .OfType<string>());
            if (coordinator.Actions.Count < PageSize || (page + 1) * PageSize >= coordinator.Total)
            {
                break;
            }
        }

        return (status!, children);
    }

    private DateTimeOffset NextPoll(TrackedJob job)
    {
        var interval = Tracking.PollInterval;
        var jitter = Math.Clamp(Tracking.Jitter, 0, 0.5);
        var factor = 1 + ((Random.Shared.NextDouble() * 2) - 1) * jitter;
        return time.GetUtcNow() + TimeSpan.FromTicks((long)(interval.Ticks * factor));
    }

    internal static TimeSpan Backoff(TimeSpan first, int failures, TimeSpan max)
    {
        var exponent = Math.Min(Math.Max(failures - 1, 0), 20);
        var ticks = Math.Min(first.Ticks * Math.Pow(2, exponent), max.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
