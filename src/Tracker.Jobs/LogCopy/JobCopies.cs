using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Jobs.Storage;

namespace Tracker.Jobs.LogCopy;

/// <summary>
/// Which log copies a tracked workflow needs and when they start: every application of a job that ended FAILED
/// or KILLED (or of any ended job whose copy was asked for), and on request those of a running job, which are
/// marked partial. Each copy then moves through <see cref="CopyStateMachine"/>.
/// </summary>
internal sealed class JobCopies(IJobStore store, CopyStateMachine machine, TimeProvider time)
{
    /// <summary>
    /// Adds the copies the job needs now (a partial copy left from while the job ran is made again: it may miss
    /// the end of the logs), moves every unfinished copy one step, and returns all of the job's copies.
    /// </summary>
    public async Task<IReadOnlyCollection<ApplicationCopy>> AdvanceAsync(TrackedJob job, KnoxCredentials credentials, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var copies = await CopiesByApplicationAsync(job, cancellationToken);
        if (TrackedJob.IsTerminal(job.Status) && (OozieStatus.IsWorkflowFailure(job.Status) || job.CopyRequested))
        {
            foreach (var applicationId in job.ApplicationIds ?? [])
            {
                if (!copies.TryGetValue(applicationId, out var copy) || (copy.Partial && copy.IsFinal))
                {
                    copy = CopyStateMachine.NewCopy(job, applicationId, partial: false, now);
                    await store.SaveCopyAsync(copy, null, cancellationToken);
                    copies[applicationId] = copy;
                }
            }
        }

        foreach (var copy in copies.Values.Where(c => !c.IsFinal).ToList())
        {
            copies[copy.ApplicationId] = await machine.AdvanceAsync(job, copy, credentials, cancellationToken);
        }

        return copies.Values;
    }

    /// <summary>
    /// Copies asked for through copy-logs: creates the missing ones and restarts failed ones (and, with
    /// <paramref name="refresh"/>, finished ones); a job still running gets partial copies.
    /// </summary>
    public async Task RequestAsync(TrackedJob job, bool refresh, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var partial = !TrackedJob.IsTerminal(job.Status);
        var copies = await CopiesByApplicationAsync(job, cancellationToken);
        foreach (var applicationId in job.ApplicationIds ?? [])
        {
            var restart = !copies.TryGetValue(applicationId, out var copy)
                || copy.State == CopyState.Failed
                || (refresh && copy.IsFinal);
            if (restart)
            {
                await store.SaveCopyAsync(CopyStateMachine.NewCopy(job, applicationId, partial, now), null, cancellationToken);
            }
        }
    }

    private async Task<Dictionary<string, ApplicationCopy>> CopiesByApplicationAsync(TrackedJob job, CancellationToken cancellationToken)
        => (await store.GetCopiesAsync(job.Owner, job.JobId, cancellationToken)).ToDictionary(c => c.ApplicationId, StringComparer.Ordinal);
}
