using Microsoft.Extensions.Logging;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Jobs.Storage;

namespace Tracker.Jobs.Tracking;

/// <summary>
/// Asks Oozie where a tracked job stands: its status and, when that changed or was never read, its YARN
/// applications. Writes nothing; the caller decides what the answer means for the job.
/// </summary>
internal sealed class JobRefresh(IOozieClient oozie, ApplicationDiscovery discovery, TimeProvider time, ILogger<JobRefresh> logger)
{
    /// <summary>The job with Oozie's current status and applications; null when Oozie does not know it.</summary>
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
            if (status is not OozieLookup<string>.Found { Value: var current })
            {
                return null;
            }

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
            TrackingLog.StatusChanged(logger, job.JobId, job.Status ?? "(new)", workflow.Status);
        }

        return job with { Status = workflow.Status, ApplicationIds = applications, LastChecked = now };
    }
}
