using System.Collections.Concurrent;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.WebHdfs;
using Tracker.Jobs.Authentication;
using Tracker.Jobs.LogCopy;
using Tracker.Jobs.Storage;

namespace Tracker.Jobs.Tracking;

/// <summary>
/// What is saved of a job's logs, in the log directory of <see cref="Owner"/>: <see cref="Served"/> in the job's
/// order (E5), <see cref="Copied"/> for one application (E6), and, for a tracked job, the applications that are
/// part of it (<see cref="Applications"/>; null for a job nobody tracks, whose saved files are all there is).
/// </summary>
internal sealed record SavedLogs(string Owner, IReadOnlyList<string> Served, IReadOnlySet<string> Copied, IReadOnlySet<string>? Applications);

/// <summary>The reads of <see cref="JobService"/>: none of them writes the store.</summary>
internal sealed partial class JobService
{
    private readonly EndedStatuses _endedStatuses = new();

    /// <summary>E7's job: the readable tracked job with its copies, as stored.</summary>
    public async Task<JobView?> TrackedAsync(Caller caller, string id, CancellationToken ct)
        => await FindReadableAsync(caller, id, ct) is { } job ? new JobView(job, await CopiesAsync(job, ct)) : null;

    /// <summary>E9: the caller's tracked jobs (never anyone else's), as the worker keeps them current.</summary>
    public async Task<IReadOnlyList<JobView>> ListTrackedAsync(Caller caller, CancellationToken ct)
    {
        var jobs = await store.ListJobsAsync(caller.User, ct);
        var copies = (await store.GetCopiesAsync(caller.User, ct))
            .GroupBy(c => c.JobId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, ApplicationCopy>)g.ToDictionary(c => c.ApplicationId, StringComparer.Ordinal), StringComparer.Ordinal);
        IReadOnlyDictionary<string, ApplicationCopy> none = new Dictionary<string, ApplicationCopy>();
        return jobs.Select(j => new JobView(j, copies.GetValueOrDefault(j.JobId) ?? none)).ToList();
    }

    /// <summary>
    /// E5/E6: a tracked job's copies say what is saved; a job of the caller's own that Oozie knows but Tracker never
    /// tracked is served from what is already in its log directory (copied by an earlier Tracker, by hand, or by
    /// pyox), so "not tracked" never hides logs that exist. Null when the caller may not see such a job.
    /// </summary>
    public async Task<SavedLogs?> SavedLogsAsync(Caller caller, string id, CancellationToken ct)
    {
        if (await FindReadableAsync(caller, id, ct) is { } job)
        {
            var copies = await CopiesAsync(job, ct);
            var copied = copies.Values.Where(c => c.State == CopyState.Succeeded).Select(c => c.ApplicationId).ToHashSet(StringComparer.Ordinal);
            var applications = (job.ApplicationIds ?? []).Concat(copies.Keys).ToHashSet(StringComparer.Ordinal);
            return new SavedLogs(job.Owner, (job.ApplicationIds ?? []).Where(copied.Contains).ToList(), copied, applications);
        }

        if (await ObserveAsync(caller, id, ct, discover: false) is null)
        {
            return null;
        }

        var saved = await SavedApplicationsAsync(caller, id, ct);
        return new SavedLogs(caller.User, saved, saved.ToHashSet(StringComparer.Ordinal), null);
    }

    /// <summary>
    /// Asks Oozie about a job with the caller's credentials: null when Oozie does not know it or it belongs to
    /// someone else (other users' jobs are "not found", never "forbidden", so their ids leak nothing).
    /// </summary>
    private async Task<TrackedJob?> ObserveAsync(Caller caller, string id, CancellationToken ct, bool discover = true)
    {
        var now = time.GetUtcNow();
        OozieJobId.TryParse(id, out _, out var kind);
        if (kind != OozieJobKind.Workflow)
        {
            // Coordinators and bundles: read for their owner and status; the worker finds their workflows.
            var parent = kind == OozieJobKind.Coordinator
                ? await oozie.GetCoordinatorJobInfoAsync(caller.Credentials, id, len: 1, cancellationToken: ct) is OozieLookup<CoordinatorJob>.Found { Value: var c }
                    ? (c.User, c.Status)
                    : ((string? User, string Status)?)null
                : await oozie.GetBundleJobInfoAsync(caller.Credentials, id, ct) is OozieLookup<BundleJob>.Found { Value: var b }
                    ? (b.User, b.Status)
                    : null;
            return parent is { } p && caller.MayRead(p.User ?? caller.User)
                ? NewJob(caller, id, p.Status, [], now)
                : null;
        }

        var lookup = await oozie.GetJobInfoAsync(caller.Credentials, id, cancellationToken: ct);
        if (lookup is not OozieLookup<WorkflowJob>.Found found || !caller.MayRead(found.Value.User ?? caller.User))
        {
            return null;
        }

        var applications = discover
            ? await discovery.DiscoverAsync(caller.Credentials, found.Value, askResourceManager: found.Value.IsTerminal, ct)
            : [];
        return NewJob(caller, id, found.Value.Status, applications, now);
    }

    private static TrackedJob NewJob(Caller caller, string id, string status, IReadOnlyList<string> applications, DateTimeOffset now) => new()
    {
        Owner = caller.User,
        JobId = id,
        Status = status,
        ApplicationIds = applications,
        LastChecked = now,
        State = TrackingState.Tracking,
        CreatedAt = now,
        NextPollAt = now,
    };

    /// <summary>The caller's own entry; for administrators, anyone's.</summary>
    private async Task<TrackedJob?> FindReadableAsync(Caller caller, string id, CancellationToken ct)
    {
        var own = await store.GetJobAsync(caller.User, id, ct);
        if (own is not null || !caller.IsAdmin)
        {
            return own;
        }

        return (await store.FindJobAsync(id, ct)).FirstOrDefault();
    }

    private async Task<IReadOnlyDictionary<string, ApplicationCopy>> CopiesAsync(TrackedJob job, CancellationToken ct)
        => (await store.GetCopiesAsync(job.Owner, job.JobId, ct)).ToDictionary(c => c.ApplicationId, StringComparer.Ordinal);

    /// <summary>
    /// The applications whose logs are saved in the caller's log directory of <paramref name="jobId"/>:
    /// the <c>application_{id}.log</c> files there (a <c>.copying</c> file is a copy under way, not a log).
    /// </summary>
    private async Task<IReadOnlyList<string>> SavedApplicationsAsync(Caller caller, string jobId, CancellationToken ct)
    {
        var listing = await webHdfs.ListStatusAsync(caller.Credentials, $"{copyOptions.Value.LogDirectory(caller.User)}/{jobId}", ct);
        return (listing ?? [])
            .Where(f => f.Type == HdfsFileType.File && f.PathSuffix.StartsWith("application_", StringComparison.Ordinal) && f.PathSuffix.EndsWith(".log", StringComparison.Ordinal))
            .Select(f => f.PathSuffix["application_".Length..^".log".Length])
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Statuses of ended jobs by (reader, job id): Oozie never changes them again, so the hot status route can
    /// answer without the store. Filled only after the reader was allowed to see the job.
    /// </summary>
    private sealed class EndedStatuses
    {
        private const int MaxEntries = 100_000;
        private readonly ConcurrentDictionary<(string Reader, string JobId), string> _statuses = new();

        public string? TryGet(string reader, string jobId) => _statuses.TryGetValue((reader, jobId), out var status) ? status : null;

        public void Remember(string reader, string jobId, string status)
        {
            if (_statuses.Count >= MaxEntries)
            {
                _statuses.Clear();
            }

            _statuses[(reader, jobId)] = status;
        }
    }
}
