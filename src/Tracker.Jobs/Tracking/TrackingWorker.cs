using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tracker.Hadoop;
using Tracker.Jobs.Credentials;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Telemetry;

namespace Tracker.Jobs.Tracking;

/// <summary>
/// The background loop: takes due jobs under a lease, lets <see cref="JobProcessor"/> move each one step, releases
/// them, then sleeps until the next job is due (or until an API request wakes it). The lease makes it safe for
/// several replicas on a shared store, and a lease left behind by a crash simply expires.
/// </summary>
internal sealed partial class TrackingWorker(
    IJobStore store,
    CredentialVault vault,
    IServiceProvider services,
    TrackingSignal signal,
    IOptions<TrackingOptions> options,
    IOptions<GatewayOptions> gateway,
    TimeProvider time,
    ILogger<TrackingWorker> logger,
    JobsMetrics metrics) : BackgroundService
{
    /// <summary>This process's lease owner name.</summary>
    public string LeaseOwner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!gateway.Value.IsConfigured)
        {
            LogNoGateway(logger);
            return;
        }

        // Resolved here, not injected: the Knox clients cannot be built without a configured gateway.
        var processor = services.GetRequiredService<JobProcessor>();
        LogStarted(logger, options.Value.PollInterval, LeaseOwner);
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = options.Value;
            try
            {
                var started = time.GetTimestamp();
                var jobs = await store.AcquireDueAsync(LeaseOwner, time.GetUtcNow(), settings.LeaseDuration, settings.BatchSize, stoppingToken);
                if (jobs.Count > 0)
                {
                    // Each owner's credentials are decrypted once per round, not once per job.
                    var credentials = new System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<KnoxCredentials?>>>(StringComparer.Ordinal);
                    Task<KnoxCredentials?> CredentialsOf(string owner)
                        => credentials.GetOrAdd(owner, o => new Lazy<Task<KnoxCredentials?>>(() => vault.GetAsync(o, stoppingToken))).Value;
                    await Parallel.ForEachAsync(
                        jobs,
                        new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Parallelism), CancellationToken = stoppingToken },
                        async (job, ct) => await ProcessOneAsync(processor, job, CredentialsOf, ct));
                    metrics.RoundCompleted(time.GetElapsedTime(started), jobs.Count);
                    if (jobs.Count == settings.BatchSize)
                    {
                        continue;
                    }
                }
                else
                {
                    metrics.RoundCompleted(time.GetElapsedTime(started), 0);
                }

                // Counted where the worker rests, so the gauge costs one grouped query per round, never one per scrape.
                metrics.TrackedJobsCounted(await store.CountJobsByStateAsync(stoppingToken));
                await store.DeleteExpiredCredentialsAsync(time.GetUtcNow(), stoppingToken);
                await WaitForNextAsync(settings, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // One bad round (the store unavailable, say) must not end tracking for good.
                LogRoundFailed(logger, e);
                await WaitAsync(settings.PollInterval, stoppingToken);
            }
        }
    }

    private async Task ProcessOneAsync(
        JobProcessor processor, TrackedJob job, Func<string, Task<KnoxCredentials?>> credentialsOf, CancellationToken cancellationToken)
    {
        var released = false;
        try
        {
            released = await processor.ProcessAsync(job, LeaseOwner, credentialsOf, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            LogJobFailed(logger, job.JobId, e);
        }
        finally
        {
            if (!released)
            {
                await store.ReleaseAsync(job.Owner, job.JobId, LeaseOwner, CancellationToken.None);
            }
        }
    }

    private async Task WaitForNextAsync(TrackingOptions settings, CancellationToken stoppingToken)
    {
        var next = await store.NextDueAsync(stoppingToken);
        var delay = next is null ? settings.PollInterval : next.Value - time.GetUtcNow();
        delay = delay < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : delay > settings.PollInterval ? settings.PollInterval : delay;
        await WaitAsync(delay, stoppingToken);
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await signal.WaitAsync(delay, time, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = EventIds.Started, Level = LogLevel.Information, Message = "Tracking worker started: poll interval {Interval}, lease owner {LeaseOwner}")]
    private static partial void LogStarted(ILogger logger, TimeSpan interval, string leaseOwner);

    [LoggerMessage(EventId = EventIds.NoGateway, Level = LogLevel.Warning, Message = "No Knox gateway configured (Jobs:Gateway:Url): tracked jobs are not followed")]
    private static partial void LogNoGateway(ILogger logger);

    [LoggerMessage(EventId = EventIds.RoundFailed, Level = LogLevel.Error, Message = "Tracking round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = EventIds.JobFailed, Level = LogLevel.Error, Message = "Tracking job {JobId} failed")]
    private static partial void LogJobFailed(ILogger logger, string jobId, Exception exception);
}

/// <summary>Lets API requests wake the worker when they add work, instead of waiting for the next round.</summary>
internal sealed class TrackingSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    public async Task WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(delay, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await _wake.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}
