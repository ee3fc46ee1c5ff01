using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Tracker.Hadoop.Oozie;
using Tracker.Jobs.LogCopy;
using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Apis;

/// <summary>E5 and E6, the saved logs, streamed from HDFS; which ones are saved is <see cref="JobService.SavedLogsAsync"/>'s answer.</summary>
internal static class LogHandlers
{
    private const string NoLogsCopied = "No logs copied.";

    /// <summary>E5: the copied logs of every application, or of those named by <c>?id=</c>, one file after the other.</summary>
    public static async Task<Results<LogStreamResult, ApiError>> LogsAsync([AsParameters] JobsApiServices api, string id)
    {
        if (!OozieJobId.IsValid(id))
        {
            return JobsApiAnswers.MalformedId(id);
        }

        if (await api.Jobs.SavedLogsAsync(api.Caller, id, api.Aborted) is not { } logs)
        {
            return JobsApiAnswers.NotFound(id);
        }

        var wanted = api.Http.Request.Query["id"].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => NormalizeApplication(v!)).ToHashSet(StringComparer.Ordinal);
        var served = logs.Served.Where(a => wanted.Count == 0 || wanted.Contains(a)).ToList();
        if (served.Count == 0)
        {
            return ApiResponse.Error(400, NoLogsCopied);
        }

        var directory = api.CopyOptions.Value.LogDirectory(logs.Owner);
        return new LogStreamResult(api.WebHdfs, api.Caller.Credentials, served.Select(a => CopyWorkflow.LogPath(directory, id, a)).ToList(), skipMissing: true);
    }

    /// <summary>E6: one application's copied log; "no copy" is a 400, not an empty answer.</summary>
    public static async Task<Results<LogStreamResult, ApiError>> ApplicationLogAsync([AsParameters] JobsApiServices api, string id, string appId)
    {
        if (!OozieJobId.IsValid(id))
        {
            return JobsApiAnswers.MalformedId(id);
        }

        if (await api.Jobs.SavedLogsAsync(api.Caller, id, api.Aborted) is not { } logs)
        {
            return JobsApiAnswers.NotFound(id);
        }

        var applicationId = NormalizeApplication(appId);
        if (logs.Applications is { } applications && !applications.Contains(applicationId))
        {
            return ApiResponse.Error(404, $"Application {appId} is not part of job {id}.");
        }

        if (!logs.Copied.Contains(applicationId))
        {
            return ApiResponse.Error(400, NoLogsCopied);
        }

        return new LogStreamResult(api.WebHdfs, api.Caller.Credentials,
            [CopyWorkflow.LogPath(api.CopyOptions.Value.LogDirectory(logs.Owner), id, applicationId)], skipMissing: false);
    }

    private static string NormalizeApplication(string id) => OozieApplicationIds.Strip(id) ?? id.Trim();
}
