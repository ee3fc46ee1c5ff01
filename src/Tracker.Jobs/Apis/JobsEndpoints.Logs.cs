using Microsoft.AspNetCore.Http;
using Tracker.Hadoop.WebHdfs;
using Tracker.Jobs.Authentication;
using Tracker.Jobs.LogCopy;
using Tracker.Jobs.Storage;

namespace Tracker.Jobs.Apis;

/// <summary>
/// E5 and E6, the saved logs. A tracked job's copies say what is saved; a job of the caller's own that Oozie
/// knows but Tracker never tracked is served from what is already in its log directory (copied by an earlier
/// Tracker, by hand, or by pyox), so "not tracked" never hides logs that exist.
/// </summary>
internal sealed partial class JobsEndpoints
{
    private const string NoLogsCopied = "No logs copied.";

    /// <summary>E5: the copied logs of every application, or of those named by <c>?id=</c>, one file after the other.</summary>
    public async Task<IResult> LogsAsync(HttpContext http, string id)
    {
        var (caller, job, malformed) = await ReadableJobAsync(http, id);
        if (malformed is not null)
        {
            return malformed;
        }

        var ct = http.RequestAborted;
        var wanted = http.Request.Query["id"].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => NormalizeApplication(v!)).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<string> saved;
        string owner;
        if (job is not null)
        {
            var copies = await CopiesAsync(job, ct);
            owner = job.Owner;
            saved = (job.ApplicationIds ?? [])
                .Where(a => copies.TryGetValue(a, out var c) && c.State == CopyState.Succeeded)
                .ToList();
        }
        else if (await ObserveAsync(caller, id, ct, discover: false) is not null)
        {
            owner = caller.User;
            saved = await SavedApplicationsAsync(caller, id, ct);
        }
        else
        {
            return NotFound(id);
        }

        var served = saved.Where(a => wanted.Count == 0 || wanted.Contains(a)).ToList();
        if (served.Count == 0)
        {
            return ApiResponse.Error(400, NoLogsCopied);
        }

        var directory = copyOptions.Value.LogDirectory(owner);
        return new LogStreamResult(webHdfs, caller.Credentials, served.Select(a => CopyWorkflow.LogPath(directory, id, a)).ToList(), skipMissing: true);
    }

    /// <summary>E6: one application's copied log; "no copy" is a 400, not an empty answer.</summary>
    public async Task<IResult> ApplicationLogAsync(HttpContext http, string id, string appId)
    {
        var (caller, job, malformed) = await ReadableJobAsync(http, id);
        if (malformed is not null)
        {
            return malformed;
        }

        var ct = http.RequestAborted;
        var applicationId = NormalizeApplication(appId);
        if (job is null)
        {
            if (await ObserveAsync(caller, id, ct, discover: false) is null)
            {
                return NotFound(id);
            }

            return (await SavedApplicationsAsync(caller, id, ct)).Contains(applicationId)
                ? new LogStreamResult(webHdfs, caller.Credentials, [CopyWorkflow.LogPath(copyOptions.Value.LogDirectory(caller.User), id, applicationId)], skipMissing: false)
                : ApiResponse.Error(400, NoLogsCopied);
        }

        var copies = await CopiesAsync(job, ct);
        if (!copies.TryGetValue(applicationId, out var copy) && !(job.ApplicationIds ?? []).Contains(applicationId))
        {
            return ApiResponse.Error(404, $"Application {appId} is not part of job {id}.");
        }

        if (copy is not { State: CopyState.Succeeded })
        {
            return ApiResponse.Error(400, NoLogsCopied);
        }

        return new LogStreamResult(webHdfs, caller.Credentials,
            [CopyWorkflow.LogPath(copyOptions.Value.LogDirectory(job.Owner), id, applicationId)], skipMissing: false);
    }

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
}
