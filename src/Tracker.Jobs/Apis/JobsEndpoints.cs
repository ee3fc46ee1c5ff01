using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.WebHdfs;
using Tracker.Hadoop.Yarn;
using Tracker.Jobs.Authentication;
using Tracker.Jobs.Credentials;
using Tracker.Jobs.LogCopy;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Apis;

/// <summary>The handlers of every <c>/api</c> route; the caller is already verified by Knox when they run.</summary>
internal sealed partial class JobsEndpoints(
    IJobStore store,
    IOozieClient oozie,
    IWebHdfsClient webHdfs,
    IResourceManagerClient resourceManager,
    ApplicationDiscovery discovery,
    JobProcessor processor,
    CredentialVault vault,
    TrackingSignal signal,
    IOptions<TrackingOptions> trackingOptions,
    IOptions<LogCopyOptions> copyOptions,
    TimeProvider time,
    Telemetry.JobsMetrics metrics)
{
    public const string CallerKey = "Tracker.Jobs.Caller";

    private const int MaxCachedEndedStatuses = 100_000;

    /// <summary>
    /// Statuses of ended jobs by (reader, job id): Oozie never changes them again, so the hot status route can
    /// answer without the store. Filled only after the reader was allowed to see the job.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Reader, string JobId), string> endedStatuses = new();

    private static readonly TimeSpan LeaseWait = TimeSpan.FromSeconds(5);

    private static Caller CallerOf(HttpContext http) => (Caller)http.Items[CallerKey]!;

    private static bool Refresh(HttpContext http) => http.Request.Query["refresh"] == "true";

    private static ApiResponse NotFound(string jobId) => ApiResponse.Error(404, $"Job {jobId} was not found.");

    /// <summary>E1: starts tracking. Oozie is asked about every id before anything is stored, so a failing request leaves nothing behind.</summary>
    public async Task<IResult> TrackAsync(HttpContext http)
    {
        var caller = CallerOf(http);
        var ct = http.RequestAborted;
        var request = await JobIdRequest.ReadAsync(http.Request, ct);
        if (request.Error is not null)
        {
            return ApiResponse.Error(400, request.Error);
        }

        var now = time.GetUtcNow();
        var found = new List<TrackedJob>();
        foreach (var id in request.Ids!)
        {
            var observed = await ObserveAsync(caller, id, ct);
            if (observed is not null)
            {
                found.Add(observed with { NextPollAt = TrackedJob.IsTerminal(observed.Status) ? now : now + trackingOptions.Value.PollInterval });
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

        return ApiResponse.Ok(w =>
        {
            w.WriteStartArray();
            foreach (var job in tracked)
            {
                JobShapes.TrackSummary(w, job);
            }

            w.WriteEndArray();
        });
    }

    /// <summary>E2: copies the logs of the named jobs now (or reports the copies under way).</summary>
    public async Task<IResult> CopyLogsAsync(HttpContext http)
    {
        var caller = CallerOf(http);
        var ct = http.RequestAborted;
        var request = await JobIdRequest.ReadAsync(http.Request, ct);
        if (request.Error is not null)
        {
            return ApiResponse.Error(400, request.Error);
        }

        var refresh = Refresh(http);
        var entries = new List<(TrackedJob Job, IReadOnlyDictionary<string, ApplicationCopy> Copies)>();
        var errors = new List<(string Id, int Status, string Message)>();
        foreach (var id in request.Ids!)
        {
            var existing = await store.GetJobAsync(caller.User, id, ct);
            TrackedJob? job = existing;
            if (existing is null || refresh || existing.ApplicationIds is null)
            {
                job = await ObserveAsync(caller, id, ct);
                if (job is null)
                {
                    errors.Add((id, 404, $"Job {id} was not found."));
                    continue;
                }
            }

            await vault.StoreAsync(caller.User, caller.Credentials, ct);
            job = await store.TrackAsync(job! with { CopyRequested = true, NextPollAt = time.GetUtcNow() }, ct);
            var leaseOwner = $"api/{Guid.NewGuid():N}";
            var leased = await AcquireAsync(caller.User, id, leaseOwner, ct);
            if (leased is not null)
            {
                try
                {
                    var stepped = await processor.RequestCopiesAsync(leased, caller.Credentials, refresh, ct);
                    await store.SaveJobAsync(stepped with { NextPollAt = time.GetUtcNow() + trackingOptions.Value.PollInterval }, leaseOwner, release: false, CancellationToken.None);
                    job = stepped;
                }
                catch (Tracker.Hadoop.HadoopException e)
                {
                    errors.Add((id, UpstreamStatus.Of(e), UpstreamStatus.MessageOf(e)));
                }
                finally
                {
                    await store.ReleaseAsync(caller.User, id, leaseOwner, CancellationToken.None);
                }
            }

            var copies = (await store.GetCopiesAsync(caller.User, id, ct)).ToDictionary(c => c.ApplicationId, StringComparer.Ordinal);
            entries.Add((job, copies));
        }

        signal.Wake();
        if (entries.Count == 0 && errors.Count > 0)
        {
            return ApiResponse.Error(errors[0].Status, errors[0].Message);
        }

        return ApiResponse.Ok(w =>
        {
            var finished = true;
            var succeeded = true;
            foreach (var (job, copies) in entries)
            {
                var (f, s) = JobShapes.Outcome(job, copies);
                finished &= f;
                succeeded &= s;
            }

            w.WriteStartObject();
            w.WriteBoolean("finished", finished);
            w.WriteBoolean("succeeded", succeeded);
            w.WriteStartArray("jobs");
            foreach (var (job, copies) in entries)
            {
                foreach (var applicationId in job.ApplicationIds ?? [])
                {
                    JobShapes.CopyEntry(w, job.JobId, applicationId, copies.GetValueOrDefault(applicationId));
                }
            }

            w.WriteEndArray();
            if (errors.Count > 0)
            {
                w.WriteStartArray("errors");
                foreach (var (id, status, message) in errors)
                {
                    w.WriteStartObject();
                    w.WriteString("id", id);
                    w.WriteString("message", message);
                    w.WriteNumber("status_code", status);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        });
    }

    /// <summary>E3: the job's summary with its copies; refreshed from Oozie when it may have changed.</summary>
    public async Task<IResult> JobAsync(HttpContext http, string id)
    {
        var (caller, job, malformed) = await ReadableJobAsync(http, id);
        if (malformed is not null)
        {
            return malformed;
        }

        var ct = http.RequestAborted;
        if (job is null)
        {
            var observed = await ObserveAsync(caller, id, ct);
            if (observed is null)
            {
                return NotFound(id);
            }

            return ApiResponse.Ok(w =>
            {
                w.WriteStartObject();
                w.WriteString("status", observed.Status);
                JobShapes.ApplicationIds(w, observed.ApplicationIds ?? []);
                w.WriteStartObject("log-jobs");
                w.WriteEndObject();
                w.WriteString("id", id);
                w.WriteEndObject();
            });
        }

        var stale = job.LastChecked is null || time.GetUtcNow() - job.LastChecked.Value > trackingOptions.Value.PollInterval;
        if (job.State != TrackingState.Vanished && (Refresh(http) || job.Status is null || (!TrackedJob.IsTerminal(job.Status) && stale)))
        {
            var refreshed = await processor.RefreshAsync(job, caller.Credentials, ct);
            if (refreshed is null)
            {
                return await VanishedAsync(job, ct);
            }

            await store.RecordObservationAsync(job.Owner, id, refreshed.Status!, refreshed.ApplicationIds, time.GetUtcNow(), ct);
            job = refreshed;
            signal.Wake();
        }

        var copies = await CopiesAsync(job, ct);
        return ApiResponse.Ok(w => JobShapes.TrackedJob(w, job, copies, "log-jobs"));
    }

    /// <summary>E4: the status; Oozie is asked whenever the job may still change (the reference asked about the wrong id).</summary>
    public async Task<IResult> StatusAsync(HttpContext http, string id)
    {
        var caller = CallerOf(http);
        var ct = http.RequestAborted;
        if (!OozieJobId.IsValid(id))
        {
            return MalformedId(id);
        }

        var refresh = Refresh(http);
        if (!refresh && endedStatuses.TryGetValue((caller.User, id), out var ended))
        {
            return StatusResponse(id, ended);
        }

        var job = await FindReadableAsync(caller, id, ct);
        string status;
        if (job is not null && (job.State == TrackingState.Vanished || (TrackedJob.IsTerminal(job.Status) && !refresh)))
        {
            status = job.Status ?? "UNKNOWN";
            if (TrackedJob.IsTerminal(status))
            {
                if (endedStatuses.Count >= MaxCachedEndedStatuses)
                {
                    endedStatuses.Clear();
                }

                endedStatuses[(caller.User, id)] = status;
            }
        }
        else if (job is not null)
        {
            var lookup = await oozie.GetJobStatusAsync(caller.Credentials, id, ct);
            if (lookup is not OozieLookup<string>.Found found)
            {
                return await VanishedAsync(job, ct);
            }

            status = found.Value;
            if (status != job.Status)
            {
                await store.RecordObservationAsync(job.Owner, id, status, null, time.GetUtcNow(), ct);
                signal.Wake();
            }
        }
        else
        {
            var observed = await ObserveAsync(caller, id, ct, discover: false);
            if (observed is null)
            {
                return NotFound(id);
            }

            status = observed.Status!;
        }

        return StatusResponse(id, status);
    }

    private static ApiResponse StatusResponse(string id, string status) => ApiResponse.Ok(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("status", status);
        w.WriteNumber("status_code", 200);
        w.WriteEndObject();
    });

    /// <summary>E7: where every application's copy stands, keyed by application id.</summary>
    public async Task<IResult> LogsStatusAsync(HttpContext http, string id)
    {
        var (caller, job, malformed) = await ReadableJobAsync(http, id);
        if (malformed is not null)
        {
            return malformed;
        }

        var ct = http.RequestAborted;
        if (job?.ApplicationIds is null)
        {
            return ApiResponse.Error(400, "There are no copy jobs.");
        }

        var copies = await CopiesAsync(job, ct);
        var (finished, succeeded) = JobShapes.Outcome(job, copies);
        return ApiResponse.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("finished", finished);
            w.WriteBoolean("succeeded", succeeded);
            w.WriteStartObject("jobs");
            foreach (var applicationId in job.ApplicationIds)
            {
                w.WritePropertyName(applicationId);
                JobShapes.CopyEntry(w, id, applicationId, copies.GetValueOrDefault(applicationId));
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>E8: Oozie's workflow list as the caller may see it.</summary>
    public async Task<IResult> ListJobsAsync(HttpContext http)
    {
        var caller = CallerOf(http);
        var query = http.Request.Query;
        if (!TryInt(query["offset"], 1, out var offset) || !TryInt(query["len"], 50, out var length))
        {
            return ApiResponse.Error(400, "offset and len must be whole numbers.");
        }

        var jobType = string.IsNullOrEmpty(query["jobtype"]) ? "wf" : query["jobtype"].ToString();
        if (jobType is not ("wf" or "coordinator" or "bundle"))
        {
            return ApiResponse.Error(400, "jobtype must be wf, coordinator or bundle.");
        }

        var filter = query["filter"].ToString() is { Length: > 0 } f ? f : null;
        if (filter is not null && FilterProblem(filter) is { } problem)
        {
            return ApiResponse.Error(400, problem);
        }

        try
        {
            var list = await oozie.ListJobsAsync(
                caller.Credentials, new WorkflowJobQuery(filter, Math.Max(offset, 1), Math.Clamp(length, 1, 1000), jobType), http.RequestAborted);
            return ApiResponse.Raw(list.Raw);
        }
        catch (Tracker.Hadoop.OozieException e) when (e.StatusCode == System.Net.HttpStatusCode.BadRequest)
        {
            // The only input of the caller's that Oozie judges here is the filter: its 400 (E0420 and the like)
            // is the caller's mistake, passed on with Oozie's own words rather than as a gateway failure.
            return ApiResponse.Error(400, e.Message);
        }
    }

    /// <summary>
    /// Null when <paramref name="filter"/> has Oozie's shape (<c>name=value</c> pairs joined by <c>;</c>), else
    /// what is wrong with it. Which names and values Oozie accepts is left to Oozie, whose 400 is passed on.
    /// </summary>
    private static string? FilterProblem(string filter)
    {
        foreach (var part in filter.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0 || equals == part.Length - 1)
            {
                return $"Invalid filter [{filter}]: each part must be name=value, separated by ';' (e.g. status=FAILED;user=alice); [{part}] is not.";
            }
        }

        return null;
    }

    /// <summary>E9: the caller's tracked jobs (never anyone else's), served from the store that the worker keeps current.</summary>
    public async Task<IResult> TrackingAsync(HttpContext http)
    {
        var caller = CallerOf(http);
        var ct = http.RequestAborted;
        var jobs = await store.ListJobsAsync(caller.User, ct);
        var copies = (await store.GetCopiesAsync(caller.User, ct))
            .GroupBy(c => c.JobId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, ApplicationCopy>)g.ToDictionary(c => c.ApplicationId, StringComparer.Ordinal), StringComparer.Ordinal);
        IReadOnlyDictionary<string, ApplicationCopy> none = new Dictionary<string, ApplicationCopy>();
        return ApiResponse.Ok(w =>
        {
            w.WriteStartArray();
            foreach (var job in jobs)
            {
                JobShapes.TrackedJob(w, job, copies.GetValueOrDefault(job.JobId) ?? none, "applications");
            }

            w.WriteEndArray();
        });
    }

    /// <summary>E10–E12: the ResourceManager's cluster information, unwrapped.</summary>
    public async Task<IResult> ClusterAsync(HttpContext http, string part)
    {
        var caller = CallerOf(http);
        var ct = http.RequestAborted;
        JsonElement element = part switch
        {
            "metrics" => await resourceManager.GetClusterMetricsAsync(caller.Credentials, ct),
            "scheduler" => await resourceManager.GetSchedulerAsync(caller.Credentials, ct),
            _ => await resourceManager.GetClusterInfoAsync(caller.Credentials, ct),
        };
        return ApiResponse.Raw(element);
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
                ? new TrackedJob { Owner = caller.User, JobId = id, Status = p.Status, ApplicationIds = [], LastChecked = now, State = TrackingState.Tracking, CreatedAt = now, NextPollAt = now }
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
        return new TrackedJob
        {
            Owner = caller.User,
            JobId = id,
            Status = found.Value.Status,
            ApplicationIds = applications,
            LastChecked = now,
            State = TrackingState.Tracking,
            CreatedAt = now,
            NextPollAt = now,
        };
    }

    /// <summary>The caller, and the job of that id they may read (null when none); an id that is not Oozie's is a 400.</summary>
    private async Task<(Caller Caller, TrackedJob? Job, IResult? Malformed)> ReadableJobAsync(HttpContext http, string id)
    {
        var caller = CallerOf(http);
        return OozieJobId.IsValid(id)
            ? (caller, await FindReadableAsync(caller, id, http.RequestAborted), null)
            : (caller, null, MalformedId(id));
    }

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

    /// <summary>Oozie answered "no such job" for a job we track: it is kept as vanished, and the caller is told it is not found.</summary>
    private async Task<IResult> VanishedAsync(TrackedJob job, CancellationToken ct)
    {
        await store.MarkVanishedAsync(job.Owner, job.JobId, "Oozie no longer knows this job (purged or never existed).", time.GetUtcNow(), ct);
        return NotFound(job.JobId);
    }

    private async Task<IReadOnlyDictionary<string, ApplicationCopy>> CopiesAsync(TrackedJob job, CancellationToken ct)
        => (await store.GetCopiesAsync(job.Owner, job.JobId, ct)).ToDictionary(c => c.ApplicationId, StringComparer.Ordinal);

    private async Task<TrackedJob?> AcquireAsync(string owner, string id, string leaseOwner, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + LeaseWait;
        while (true)
        {
            var leased = await store.TryAcquireAsync(owner, id, leaseOwner, time.GetUtcNow(), trackingOptions.Value.LeaseDuration, ct);
            if (leased is not null || time.GetUtcNow() >= deadline)
            {
                if (leased is null)
                {
                    metrics.LeaseConflict("api");
                }

                return leased;
            }

            // The worker holds the job for one step, which takes one or two upstream calls.
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
        }
    }

    private static ApiResponse MalformedId(string id)
        => ApiResponse.Error(400, $"Malformed job id: {(id.Length > 80 ? id[..80] + "…" : id)} (expected an Oozie id such as 0030161-180716060648641-oozie-W).");

    private static string NormalizeApplication(string id) => OozieApplicationIds.Strip(id) ?? id.Trim();

    private static bool TryInt(Microsoft.Extensions.Primitives.StringValues value, int fallback, out int result)
    {
        if (string.IsNullOrEmpty(value))
        {
            result = fallback;
            return true;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out result);
    }
}
