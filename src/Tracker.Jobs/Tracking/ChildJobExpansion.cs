using Microsoft.Extensions.Logging;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Jobs.Storage;

namespace Tracker.Jobs.Tracking;

/// <summary>
/// A coordinator or bundle: each poll reads it once and starts tracking, as jobs of their own linked by
/// <see cref="TrackedJob.ParentId"/>, the workflows a coordinator's actions materialised (their <c>externalId</c>)
/// or a bundle's coordinators (which in turn find their workflows). It is followed until Oozie says it ended; its
/// last answer lists every child, so none is missed at the end.
/// </summary>
internal sealed class ChildJobExpansion(IJobStore store, IOozieClient oozie, TimeProvider time, ILogger<ChildJobExpansion> logger)
{
    private const int PageSize = 1000;
    private const int MaxPages = 100;

    /// <summary>One step of a coordinator or bundle; null when Oozie does not know it.</summary>
    public async Task<TrackedJob?> StepAsync(TrackedJob job, OozieJobKind kind, KnoxCredentials credentials, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var found = kind == OozieJobKind.Coordinator
            ? await ReadCoordinatorAsync(job.JobId, credentials, cancellationToken)
            : await ReadBundleAsync(job.JobId, credentials, cancellationToken);
        if (found is not { } parent)
        {
            return null;
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
            TrackingLog.ChildTracked(logger, child, job.JobId);
        }

        if (parent.Status != job.Status)
        {
            TrackingLog.StatusChanged(logger, job.JobId, job.Status ?? "(new)", parent.Status);
        }

        return job with
        {
            Status = parent.Status,
            ApplicationIds = [],
            LastChecked = now,
            State = OozieStatus.IsTerminal(parent.Status) ? TrackingState.Done : TrackingState.Tracking,
            Reason = null,
        };
    }

    private async Task<Parent?> ReadBundleAsync(string jobId, KnoxCredentials credentials, CancellationToken cancellationToken)
        => await oozie.GetBundleJobInfoAsync(credentials, jobId, cancellationToken) is OozieLookup<BundleJob>.Found { Value: var bundle }
            ? new Parent(bundle.Status, bundle.Coordinators.Select(c => c.Id).ToList())
            : null;

    /// <summary>A coordinator's status and the workflow ids of all its actions, page by page; null when Oozie does not know it.</summary>
    private async Task<Parent?> ReadCoordinatorAsync(string jobId, KnoxCredentials credentials, CancellationToken cancellationToken)
    {
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

        return new Parent(status!, children);
    }

    private sealed record Parent(string Status, IReadOnlyList<string> Children);
}
