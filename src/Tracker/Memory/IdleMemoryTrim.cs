using Microsoft.Extensions.Options;

namespace Tracker.Memory;

/// <summary>
/// Gives the GC's spare memory back to the system once Tracker goes quiet after a busy spell
/// (the idea of the JVM's periodic G1 collection, JEP 346). After a burst (state managers loading
/// hundreds of topologies, a wave of requests) the GC keeps its allocation budget and emptied
/// regions committed, often more than the live data itself, and without further allocation no
/// collection ever returns them: a quiet Tracker would sit on memory it last needed minutes ago.
/// <see cref="IdleTrimPolicy"/> decides; this service samples the GC and runs one compacting
/// collection that also decommits.
/// </summary>
internal sealed partial class IdleMemoryTrim(IOptions<IdleMemoryTrimOptions> options, TimeProvider time, ILogger<IdleMemoryTrim> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.CheckInterval <= TimeSpan.Zero)
        {
            return;
        }

        var policy = new IdleTrimPolicy(settings, time.GetUtcNow());
        using var timer = new PeriodicTimer(settings.CheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!policy.ShouldTrim(GC.GetTotalAllocatedBytes(), time.GetUtcNow()))
                {
                    continue;
                }

                var before = Environment.WorkingSet;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                LogTrimmed(before / 1024, Environment.WorkingSet / 1024, GC.GetGCMemoryInfo().HeapSizeBytes / 1024);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Tracker is stopping: nothing left to give back.
        }
    }

    [LoggerMessage(EventId = EventIds.Trimmed, Level = LogLevel.Debug, Message = "Quiet after a busy spell: resident memory {BeforeKiB} KiB -> {AfterKiB} KiB (managed heap {HeapKiB} KiB)")]
    private partial void LogTrimmed(long beforeKiB, long afterKiB, long heapKiB);
}
