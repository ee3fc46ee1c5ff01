using System.Net;
using Microsoft.Extensions.Options;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Jobs.Authentication;
using Tracker.Jobs.Credentials;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Watches;

/// <summary>
/// The watches' operations: the API's (create, read, delete) and one discovery run of a leased watch, which lists
/// the owner's jobs newest first from the cursor on and tracks the new matching ones through <see cref="JobService"/>.
/// </summary>
internal sealed class WatchService(
    IWatchStore watches,
    IJobStore jobs,
    IOozieClient oozie,
    JobService jobService,
    CredentialVault vault,
    VerificationCache verified,
    IOptions<WatchOptions> options,
    TimeProvider time)
{
    public const string NoCredentialsReason = "No stored credentials (expired): send any authenticated request to resume.";
    public const string RefusedReason = "Knox refused the stored credentials (401): sign in again to resume.";

    /// <summary>
    /// Creates the caller's watch after one listing call with the caller's credentials, so a filter Oozie refuses
    /// is the caller's 400 now rather than a blocked watch later. The cursor starts at the creation time, rounded
    /// down to Oozie's whole seconds: only jobs created from then on are tracked.
    /// </summary>
    public async Task<Watch> CreateAsync(Caller caller, string filter, string jobType, CancellationToken ct)
    {
        await oozie.ListJobsAsync(caller.Credentials, new WorkflowJobQuery(WatchFilter.For(filter, caller.User).OozieQuery, 1, 1, jobType), ct);
        var now = time.GetUtcNow();
        var watch = new Watch
        {
            Id = Guid.NewGuid().ToString("N"),
            Owner = caller.User,
            Filter = filter,
            JobType = jobType,
            CreatedAt = now,
            Cursor = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()),
            NextRunAt = now + options.Value.Interval,
        };

        // The credentials first: the vault keeps them while the watch exists (HasPendingWork counts watches).
        await vault.StoreAsync(caller.User, caller.Credentials, ct);
        await watches.CreateWatchAsync(watch, ct);
        return watch;
    }

    public Task<IReadOnlyList<Watch>> ListAsync(Caller caller, CancellationToken ct) => watches.ListWatchesAsync(caller.User, ct);

    public Task<Watch?> GetAsync(Caller caller, string id, CancellationToken ct) => watches.GetWatchAsync(caller.User, id, ct);

    public async Task<bool> DeleteAsync(Caller caller, string id, CancellationToken ct)
    {
        if (!await watches.DeleteWatchAsync(caller.User, id, ct))
        {
            return false;
        }

        await vault.ForgetIfIdleAsync(caller.User, ct);
        return true;
    }

    /// <summary>
    /// One run of a watch its caller holds the lease of: without usable credentials the watch is blocked (and asks
    /// Oozie nothing); a run after the owner authenticated again unblocks it, its cursor unchanged, so nothing
    /// created meanwhile is missed.
    /// </summary>
    public async Task<WatchRun> RunAsync(Watch watch, CancellationToken ct)
    {
        var next = time.GetUtcNow() + options.Value.Interval;
        var credentials = await vault.GetAsync(watch.Owner, ct);
        if (credentials is null)
        {
            return new WatchRun(watch.Cursor, 0, true, NoCredentialsReason, next);
        }

        try
        {
            var (found, cursor) = await ListNewAsync(watch, credentials, ct);
            var fresh = new List<string>();
            foreach (var id in found)
            {
                if (await jobs.GetJobAsync(watch.Owner, id, ct) is null)
                {
                    fresh.Add(id);
                }
            }

            var tracked = fresh.Count == 0 ? [] : await jobService.TrackAsync(new Caller(watch.Owner, credentials, IsAdmin: false), fresh, ct);
            return new WatchRun(cursor, tracked.Count, false, null, next);
        }
        catch (KnoxAuthenticationException)
        {
            // As for jobs: a refused password is never tried again, which could lock the account behind Knox.
            await vault.ForgetAsync(watch.Owner, ct);
            verified.ForgetUser(watch.Owner);
            return new WatchRun(watch.Cursor, 0, true, RefusedReason, next);
        }
        catch (OozieException e) when (e.StatusCode == HttpStatusCode.BadRequest)
        {
            return new WatchRun(watch.Cursor, 0, true, $"Oozie refused the filter: {e.Message}", next);
        }
        catch (HadoopUpstreamException e)
        {
            // Oozie or Knox is down: the cursor stays, so the next run lists what this one could not.
            return new WatchRun(watch.Cursor, 0, false, e.Message, next);
        }
    }

    /// <summary>
    /// The ids created at or after the cursor that match, and the cursor's next value (the newest creation time
    /// seen). Oozie lists newest first, so one page is enough unless it is full of jobs from after the cursor. Jobs
    /// created in the cursor's own second are listed again on the next run; the store check keeps them tracked once.
    /// </summary>
    private async Task<(List<string> Ids, DateTimeOffset Cursor)> ListNewAsync(Watch watch, KnoxCredentials credentials, CancellationToken ct)
    {
        var filter = WatchFilter.For(watch.Filter, watch.Owner);
        var pageSize = Math.Max(1, options.Value.PageSize);
        var ids = new List<string>();
        var newest = watch.Cursor;
        for (var offset = 1; ; offset += pageSize)
        {
            var page = ListedJobs.Of(await oozie.ListJobsAsync(credentials, new WorkflowJobQuery(filter.OozieQuery, offset, pageSize, watch.JobType), ct), watch.JobType);
            var reachedCursor = false;
            foreach (var job in page)
            {
                if (job.Created is not { } created || created < watch.Cursor)
                {
                    reachedCursor = true;
                    break;
                }

                newest = created > newest ? created : newest;
                if (filter.Matches(job.AppName))
                {
                    ids.Add(job.Id);
                }
            }

            if (reachedCursor || page.Count < pageSize)
            {
                return (ids, newest);
            }
        }
    }
}
