using Microsoft.Extensions.Logging;

namespace Tracker.Jobs.Tracking;

internal sealed partial class JobProcessor
{
    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Job {JobId}: {Previous} -> {Status}")]
    private static partial void LogStatusChanged(ILogger logger, string jobId, string previous, string status);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Warning, Message = "Job {JobId} vanished from Oozie")]
    private static partial void LogVanished(ILogger logger, string jobId);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "Knox refused the stored credentials of {Owner} (job {JobId}): their work stops until they sign in again")]
    private static partial void LogCredentialsRefused(ILogger logger, string owner, string jobId);

    [LoggerMessage(EventId = 3304, Level = LogLevel.Warning, Message = "No stored credentials for {Owner} (job {JobId}): their work waits for a new request")]
    private static partial void LogNoCredentials(ILogger logger, string owner, string jobId);

    [LoggerMessage(EventId = 3305, Level = LogLevel.Warning, Message = "Job {JobId}: upstream error #{Failures}, next try in {Delay}: {Reason}")]
    private static partial void LogUpstreamError(ILogger logger, string jobId, int failures, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 3306, Level = LogLevel.Warning, Message = "Job {JobId}: lease lost before the step was written; another worker owns it")]
    private static partial void LogLeaseLost(ILogger logger, string jobId);

    [LoggerMessage(EventId = 3307, Level = LogLevel.Information, Message = "Stored credentials of {Owner} deleted: nothing left to track or copy")]
    private static partial void LogCredentialsForgotten(ILogger logger, string owner);

    [LoggerMessage(EventId = 3308, Level = LogLevel.Information, Message = "Copy workflow {WorkflowId} submitted for job {JobId} application {ApplicationId} (attempt {Attempt})")]
    private static partial void LogCopySubmitted(ILogger logger, string workflowId, string jobId, string applicationId, int attempt);

    [LoggerMessage(EventId = 3309, Level = LogLevel.Information, Message = "Copy workflow {WorkflowId} of job {JobId} application {ApplicationId} found in Oozie after a restart: not submitted again")]
    private static partial void LogReconciled(ILogger logger, string workflowId, string jobId, string applicationId);

    [LoggerMessage(EventId = 3310, Level = LogLevel.Information, Message = "Logs of job {JobId} application {ApplicationId} copied")]
    private static partial void LogCopySucceeded(ILogger logger, string jobId, string applicationId);

    [LoggerMessage(EventId = 3311, Level = LogLevel.Warning, Message = "Copy of job {JobId} application {ApplicationId} attempt {Attempt} failed, retry in {Delay}: {Error}")]
    private static partial void LogCopyRetry(ILogger logger, string jobId, string applicationId, int attempt, TimeSpan delay, string error);

    [LoggerMessage(EventId = 3312, Level = LogLevel.Warning, Message = "Copy of job {JobId} application {ApplicationId} FAILED after {Attempt} attempts: {Error}")]
    private static partial void LogCopyFailed(ILogger logger, string jobId, string applicationId, int attempt, string error);

    [LoggerMessage(EventId = 3313, Level = LogLevel.Warning, Message = "Cannot remove copy workflow directory {Path} yet: {Reason}")]
    private static partial void LogCleanupFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 3314, Level = LogLevel.Information, Message = "Job {JobId} of {ParentId} is now tracked")]
    private static partial void LogChildTracked(ILogger logger, string jobId, string parentId);
}
