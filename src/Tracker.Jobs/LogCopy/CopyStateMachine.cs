using Microsoft.Extensions.Logging;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.WebHdfs;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Telemetry;
using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.LogCopy;

/// <summary>
/// The life of one application's log copy, one step per call under the job's lease: record the attempt
/// (<see cref="CopyState.Submitting"/>), submit its copy workflow, follow it in Oozie, verify the copied file,
/// then end the attempt (succeeded, retried after a back-off, or failed for good); the ended attempt's directory
/// is removed by <see cref="LogDirectoryCleanup"/>. Every change is written before the next upstream call, so a
/// crash anywhere resumes from the last recorded state: an attempt is recorded before its workflow is submitted,
/// and an attempt found recorded without a workflow id is looked up in Oozie instead of being submitted again.
/// </summary>
internal sealed class CopyStateMachine(
    IJobStore store,
    IOozieClient oozie,
    IWebHdfsClient webHdfs,
    CopyWorkflowLauncher launcher,
    TimeProvider time,
    ILogger<CopyStateMachine> logger,
    JobsMetrics metrics)
{
    // Retries of one copy never wait longer than this, whatever the configured first back-off.
    private static readonly TimeSpan MaxRetryBackoff = TimeSpan.FromHours(1);

    private LogCopyOptions Copying => launcher.Options;

    /// <summary>A copy that has not started: its first attempt is due at <paramref name="now"/>.</summary>
    public static ApplicationCopy NewCopy(TrackedJob job, string applicationId, bool partial, DateTimeOffset now) => new()
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

    /// <summary>Moves the copy one step on; a final copy, or a pending one whose retry is not due yet, comes back as it was.</summary>
    public async Task<ApplicationCopy> AdvanceAsync(TrackedJob job, ApplicationCopy copy, KnoxCredentials credentials, CancellationToken cancellationToken)
    {
        switch (copy.State)
        {
            case CopyState.Pending when copy.NextAttemptAt <= time.GetUtcNow():
                return await StartAttemptAsync(job, copy, credentials, cancellationToken);
            case CopyState.Submitting:
                // A crash came between recording the attempt and recording its workflow id.
                return await SubmitAsync(job, copy, await AttemptOfAsync(copy, cancellationToken), credentials, reconcile: true, cancellationToken);
            case CopyState.Submitted:
                return await FollowAsync(job, copy, credentials, cancellationToken);
            default:
                return copy;
        }
    }

    private async Task<ApplicationCopy> StartAttemptAsync(TrackedJob job, ApplicationCopy copy, KnoxCredentials credentials, CancellationToken cancellationToken)
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
            UpdatedAt = time.GetUtcNow(),
        };
        // Recorded before submitting: after a crash the attempt is reconciled, never blindly repeated.
        await store.SaveCopyAsync(submitting, attempt, cancellationToken);
        return await SubmitAsync(job, submitting, attempt, credentials, reconcile: false, cancellationToken);
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
                CopyLog.Reconciled(logger, existing, job.JobId, copy.ApplicationId);
            }

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

        CopyLog.Submitted(logger, workflowId, job.JobId, copy.ApplicationId, copy.Attempt);
        var submitted = copy with { State = CopyState.Submitted, WorkflowId = workflowId, UpdatedAt = time.GetUtcNow() };
        // Once Oozie accepted the workflow its id must be written, whatever happens to the caller.
        await store.SaveCopyAsync(submitted, attempt with { WorkflowId = workflowId }, CancellationToken.None);
        return submitted;
    }

    /// <summary>Follows the copy workflow; once it succeeded, verifies that the copied file is there and not empty.</summary>
    private async Task<ApplicationCopy> FollowAsync(TrackedJob job, ApplicationCopy copy, KnoxCredentials credentials, CancellationToken cancellationToken)
    {
        var attempt = await AttemptOfAsync(copy, cancellationToken);
        var lookup = await oozie.GetJobStatusAsync(credentials, copy.WorkflowId!, cancellationToken);
        if (lookup is not OozieLookup<string>.Found { Value: var status })
        {
            return await EndAttemptAsync(copy, attempt, succeeded: false, $"Copy workflow {copy.WorkflowId} vanished from Oozie.", cancellationToken);
        }

        if (status == OozieStatus.Succeeded)
        {
            var path = CopyWorkflow.LogPath(Copying.LogDirectory(job.Owner), job.JobId, copy.ApplicationId);
            var file = await webHdfs.GetFileStatusAsync(credentials, path, cancellationToken);
            return file is { Type: HdfsFileType.File, Length: > 0 }
                ? await EndAttemptAsync(copy, attempt, succeeded: true, null, cancellationToken)
                : await EndAttemptAsync(copy, attempt, succeeded: false,
                    $"Copy workflow {copy.WorkflowId} succeeded but {path} is {(file is null ? "missing" : "empty")}.", cancellationToken);
        }

        return OozieStatus.IsWorkflowFailure(status)
            ? await EndAttemptAsync(copy, attempt, succeeded: false, $"Copy workflow {copy.WorkflowId} ended {status}.", cancellationToken)
            : copy;
    }

    private async Task<ApplicationCopy> EndAttemptAsync(
        ApplicationCopy copy, CopyAttempt attempt, bool succeeded, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        ApplicationCopy ended;
        if (succeeded)
        {
            ended = copy with { State = CopyState.Succeeded, Error = null, UpdatedAt = now };
            CopyLog.Succeeded(logger, copy.JobId, copy.ApplicationId);
            metrics.CopySaved();
        }
        else if (copy.Attempt < Copying.MaxAttempts)
        {
            var delay = PollSchedule.Backoff(Copying.RetryBackoff, copy.Attempt, MaxRetryBackoff);
            ended = copy with { State = CopyState.Pending, Error = error, NextAttemptAt = now + delay, UpdatedAt = now };
            CopyLog.Retry(logger, copy.JobId, copy.ApplicationId, copy.Attempt, delay, error ?? "");
            metrics.CopyRetried();
        }
        else
        {
            ended = copy with { State = CopyState.Failed, Error = error, UpdatedAt = now };
            CopyLog.Failed(logger, copy.JobId, copy.ApplicationId, copy.Attempt, error ?? "");
            metrics.CopyFailed();
        }

        await store.SaveCopyAsync(ended, attempt with { Ended = true }, cancellationToken);
        return ended;
    }

    /// <summary>The recorded attempt of the copy's current directory (rebuilt from the copy if a store kept none).</summary>
    private async Task<CopyAttempt> AttemptOfAsync(ApplicationCopy copy, CancellationToken cancellationToken)
        => (await store.GetAttemptsAsync(copy.Owner, copy.JobId, cancellationToken)).FirstOrDefault(a => a.AppPath == copy.AppPath)
            ?? new CopyAttempt
            {
                Owner = copy.Owner,
                JobId = copy.JobId,
                ApplicationId = copy.ApplicationId,
                Attempt = copy.Attempt,
                AppPath = copy.AppPath!,
                WorkflowId = copy.WorkflowId,
            };
}
