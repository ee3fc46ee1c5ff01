using Microsoft.Extensions.Logging;

namespace Tracker.Jobs.LogCopy;

/// <summary>The log copy parts' messages (3308–3313).</summary>
internal static partial class CopyLog
{
    [LoggerMessage(EventId = EventIds.Submitted, Level = LogLevel.Information, Message = "Copy workflow {WorkflowId} submitted for job {JobId} application {ApplicationId} (attempt {Attempt})")]
    public static partial void Submitted(ILogger logger, string workflowId, string jobId, string applicationId, int attempt);

    [LoggerMessage(EventId = EventIds.Reconciled, Level = LogLevel.Information, Message = "Copy workflow {WorkflowId} of job {JobId} application {ApplicationId} found in Oozie after a restart: not submitted again")]
    public static partial void Reconciled(ILogger logger, string workflowId, string jobId, string applicationId);

    [LoggerMessage(EventId = EventIds.Succeeded, Level = LogLevel.Information, Message = "Logs of job {JobId} application {ApplicationId} copied")]
    public static partial void Succeeded(ILogger logger, string jobId, string applicationId);

    [LoggerMessage(EventId = EventIds.Retry, Level = LogLevel.Warning, Message = "Copy of job {JobId} application {ApplicationId} attempt {Attempt} failed, retry in {Delay}: {Error}")]
    public static partial void Retry(ILogger logger, string jobId, string applicationId, int attempt, TimeSpan delay, string error);

    [LoggerMessage(EventId = EventIds.Failed, Level = LogLevel.Warning, Message = "Copy of job {JobId} application {ApplicationId} FAILED after {Attempt} attempts: {Error}")]
    public static partial void Failed(ILogger logger, string jobId, string applicationId, int attempt, string error);

    [LoggerMessage(EventId = EventIds.CleanupFailed, Level = LogLevel.Warning, Message = "Cannot remove copy workflow directory {Path} yet: {Reason}")]
    public static partial void CleanupFailed(ILogger logger, string path, string reason);
}
