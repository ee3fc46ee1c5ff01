using Microsoft.Extensions.Logging;

namespace Tracker.Jobs.Tracking;

/// <summary>The tracking parts' log messages (3301–3307, 3314), shared so that each event has one definition.</summary>
internal static partial class TrackingLog
{
    [LoggerMessage(EventId = EventIds.StatusChanged, Level = LogLevel.Information, Message = "Job {JobId}: {Previous} -> {Status}")]
    public static partial void StatusChanged(ILogger logger, string jobId, string previous, string status);

    [LoggerMessage(EventId = EventIds.Vanished, Level = LogLevel.Warning, Message = "Job {JobId} vanished from Oozie")]
    public static partial void Vanished(ILogger logger, string jobId);

    [LoggerMessage(EventId = EventIds.CredentialsRefused, Level = LogLevel.Warning, Message = "Knox refused the stored credentials of {Owner} (job {JobId}): their work stops until they sign in again")]
    public static partial void CredentialsRefused(ILogger logger, string owner, string jobId);

    [LoggerMessage(EventId = EventIds.NoCredentials, Level = LogLevel.Warning, Message = "No stored credentials for {Owner} (job {JobId}): their work waits for a new request")]
    public static partial void NoCredentials(ILogger logger, string owner, string jobId);

    [LoggerMessage(EventId = EventIds.UpstreamError, Level = LogLevel.Warning, Message = "Job {JobId}: upstream error #{Failures}, next try in {Delay}: {Reason}")]
    public static partial void UpstreamError(ILogger logger, string jobId, int failures, TimeSpan delay, string reason);

    [LoggerMessage(EventId = EventIds.LeaseLost, Level = LogLevel.Warning, Message = "Job {JobId}: lease lost before the step was written; another worker owns it")]
    public static partial void LeaseLost(ILogger logger, string jobId);

    [LoggerMessage(EventId = EventIds.CredentialsForgotten, Level = LogLevel.Information, Message = "Stored credentials of {Owner} deleted: nothing left to track or copy")]
    public static partial void CredentialsForgotten(ILogger logger, string owner);

    [LoggerMessage(EventId = EventIds.ChildTracked, Level = LogLevel.Information, Message = "Job {JobId} of {ParentId} is now tracked")]
    public static partial void ChildTracked(ILogger logger, string jobId, string parentId);
}
