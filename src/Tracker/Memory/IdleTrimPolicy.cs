namespace Tracker.Memory;

/// <summary>
/// When to trim: the last check interval allocated less than <see cref="QuietBytes"/> after one
/// that allocated more (busy, then quiet), the GC holds at least
/// <see cref="IdleMemoryTrimOptions.MinimumSpareBytes"/> committed beyond its heap, and the last
/// trim is at least <see cref="IdleMemoryTrimOptions.MinimumGap"/> ago, so a trickle of polling
/// requests cannot turn it into a collection per interval.
/// </summary>
internal sealed class IdleTrimPolicy(IdleMemoryTrimOptions options, DateTimeOffset start)
{
    /// <summary>Allocation within one interval below which Tracker counts as quiet.</summary>
    public const long QuietBytes = 1024 * 1024;

    private long? _allocated;
    private bool _busy;
    private DateTimeOffset _lastTrim = start - options.MinimumGap;

    public bool ShouldTrim(long totalAllocated, long committed, long heapSize, DateTimeOffset now)
    {
        var allocated = totalAllocated - (_allocated ?? totalAllocated);
        _allocated = totalAllocated;
        if (allocated >= QuietBytes)
        {
            _busy = true;
            return false;
        }

        if (!_busy || committed - heapSize < options.MinimumSpareBytes || now - _lastTrim < options.MinimumGap)
        {
            return false;
        }

        _busy = false;
        _lastTrim = now;
        return true;
    }
}
