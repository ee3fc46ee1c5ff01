using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tracker.Hadoop;

namespace Tracker.Jobs.Watches;

/// <summary>
/// The discovery loop: claims due watches under a lease, runs each once, writes the outcome and releases it, then
/// sleeps until the next watch is due. A lease left by a crashed replica expires and another replica takes over.
/// </summary>
internal sealed partial class WatchDiscoveryWorker(
    IWatchStore store,
    IServiceProvider services,
    IOptions<WatchOptions> options,
    IOptions<GatewayOptions> gateway,
    TimeProvider time,
    ILogger<WatchDiscoveryWorker> logger) : BackgroundService
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromSeconds(5);

    public string LeaseOwner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !gateway.Value.IsConfigured)
        {
            return;
        }

        // Resolved here, not injected: the Knox clients cannot be built without a configured gateway.
        var watches = services.GetRequiredService<WatchService>();
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = options.Value;
            try
            {
                var due = await store.AcquireDueWatchesAsync(LeaseOwner, time.GetUtcNow(), settings.LeaseDuration, settings.BatchSize, stoppingToken);
                foreach (var watch in due)
                {
                    var run = await watches.RunAsync(watch, stoppingToken);
                    if (run.Blocked && !watch.Blocked)
                    {
                        LogBlocked(logger, watch.Id, watch.Owner, run.Reason);
                    }

                    await store.SaveWatchRunAsync(watch.Id, LeaseOwner, run, stoppingToken);
                }

                if (due.Count == settings.BatchSize)
                {
                    continue;
                }

                // Polled rather than signalled: a watch created by another replica becomes due only after an interval anyway.
                var nextDue = await store.NextWatchDueAsync(stoppingToken);
                var wait = nextDue is { } at ? at - time.GetUtcNow() : MaxSleep;
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxSleep ? MaxSleep : wait, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogRoundFailed(logger, e);
                await Task.Delay(MaxSleep, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(EventId = EventIds.WatchBlocked, Level = LogLevel.Warning, Message = "Watch {WatchId} of {Owner} is blocked: {Reason}")]
    private static partial void LogBlocked(ILogger logger, string watchId, string owner, string? reason);

    [LoggerMessage(EventId = EventIds.WatchRoundFailed, Level = LogLevel.Error, Message = "A watch discovery round failed; retrying shortly")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
