using Microsoft.Extensions.Logging;
using Tracker.Hadoop;
using Tracker.Hadoop.WebHdfs;
using Tracker.Jobs.Storage;

namespace Tracker.Jobs.LogCopy;

/// <summary>
/// Removes the workflow application directories of a job's ended copy attempts. The directory is deleted before
/// the attempt is marked cleaned, so a crash between the two only repeats a delete, which HDFS answers with
/// "nothing there" and no error.
/// </summary>
internal sealed class LogDirectoryCleanup(IJobStore store, IWebHdfsClient webHdfs, ILogger<LogDirectoryCleanup> logger)
{
    /// <summary>Deletes what can be deleted now; returns how many directories remain (HDFS refused or failed).</summary>
    public async Task<int> RemoveEndedAsync(TrackedJob job, KnoxCredentials credentials, CancellationToken cancellationToken)
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
                CopyLog.CleanupFailed(logger, attempt.AppPath, e.Message);
            }
        }

        return remaining;
    }
}
