using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tracker.Hadoop;
using Tracker.Hadoop.WebHdfs;
using Tracker.Jobs.Credentials;
using Tracker.Jobs.Storage;

namespace Tracker.Jobs.Retention;

/// <summary>
/// Deletes jobs whose saved logs are older than <see cref="RetentionOptions.MaxAge"/>, in small batches. Each job is
/// claimed under a lease (its copy rows removed in the same transaction, so it is never served as saved after that),
/// then its HDFS log directory is deleted with the owner's credentials, then its rows. A crash or an HDFS failure in
/// between leaves a claimed row that the next sweep, here or on another replica, takes again once the lease expires.
/// </summary>
internal sealed partial class RetentionSweeper(
    IRetentionStore store,
    CredentialVault vault,
    IServiceProvider services,
    IOptions<RetentionOptions> options,
    IOptions<LogCopyOptions> copyOptions,
    IOptions<GatewayOptions> gateway,
    TimeProvider time,
    ILogger<RetentionSweeper> logger) : BackgroundService
{
    private readonly string _leaseOwner = $"retention/{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.MaxAge is not { } maxAge || !gateway.Value.IsConfigured)
        {
            return;
        }

        // Resolved here: the WebHDFS client refuses to exist without a configured gateway.
        var webHdfs = (IWebHdfsClient)services.GetService(typeof(IWebHdfsClient))!;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may be waiting: sweep again at once rather than after the interval.
                while (await SweepAsync(webHdfs, maxAge, settings, stoppingToken) == settings.BatchSize)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store or HDFS unavailable for one sweep must not end retention for good.
                LogSweepFailed(logger, e);
            }

            try
            {
                await Task.Delay(settings.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One batch; returns how many candidates it looked at.</summary>
    internal async Task<int> SweepAsync(IWebHdfsClient webHdfs, TimeSpan maxAge, RetentionOptions settings, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var savedBefore = now - maxAge;
        var candidates = await store.FindExpiredAsync(savedBefore, now, settings.BatchSize, cancellationToken);
        foreach (var job in candidates)
        {
            // Credentials first: without them nothing is claimed, so the job stays as it is and is tried next sweep.
            if (await vault.GetAsync(job.Owner, cancellationToken) is not { } credentials)
            {
                LogNoCredentials(logger, job.JobId, job.Owner);
                continue;
            }

            if (!await store.ClaimForDeletionAsync(job, savedBefore, _leaseOwner, now, settings.LeaseDuration, cancellationToken))
            {
                continue;
            }

            var directory = $"{copyOptions.Value.LogDirectory(job.Owner)}/{job.JobId}";
            try
            {
                // Recursive delete of a directory already gone answers false, not an error: a repeat after a crash is harmless.
                await webHdfs.DeleteAsync(credentials, directory, recursive: true, cancellationToken);
            }
            catch (HadoopUpstreamException e)
            {
                // The claim stays: the row is not lost, and the next sweep after the lease expires tries again.
                LogDeleteFailed(logger, directory, e.Message);
                continue;
            }

            if (await store.DeleteClaimedAsync(job, _leaseOwner, cancellationToken))
            {
                LogDeleted(logger, job.JobId, job.Owner, directory);
            }
        }

        return candidates.Count;
    }

    [LoggerMessage(EventId = EventIds.RetentionDeleted, Level = LogLevel.Information, Message = "Retention deleted job {JobId} of {Owner} and {Directory}")]
    private static partial void LogDeleted(ILogger logger, string jobId, string owner, string directory);

    [LoggerMessage(EventId = EventIds.RetentionNoCredentials, Level = LogLevel.Warning, Message = "Retention skips job {JobId}: no stored credentials for {Owner}; retried next sweep")]
    private static partial void LogNoCredentials(ILogger logger, string jobId, string owner);

    [LoggerMessage(EventId = EventIds.RetentionDeleteFailed, Level = LogLevel.Warning, Message = "Retention could not delete {Directory}: {Reason}; retried after the lease expires")]
    private static partial void LogDeleteFailed(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = EventIds.RetentionSweepFailed, Level = LogLevel.Error, Message = "Retention sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
