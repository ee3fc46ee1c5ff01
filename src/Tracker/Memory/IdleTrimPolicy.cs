namespace Tracker.Memory;

/// <summary>
/// When to trim: the last check interval allocated less than <see cref="QuietBytes"/> (Tracker is
/// quiet now), at least <see cref="IdleMemoryTrimOptions.MinimumSpareBytes"/> were allocated since
/// the last trim (else the GC cannot have grown its spare memory again) and the GC does hold that
/// much committed beyond its heap, and the last trim is at least
/// <see cref="IdleMemoryTrimOptions.MinimumGap"/> ago. A burst followed by quiet trims once; a
/// trickle of polling requests trims about once per gap at most, each time its allocations have
/// added up to the spare the GC kept for them.
/// </summary>
internal sealed class IdleTrimPolicy(IdleMemoryTrimOptions options, DateTimeOffset start)
{
    /// <summary>Allocation within one interval below which Tracker counts as quiet.</summary>
    public const long QuietBytes = 1024 * 1024;

    // Both from zero: what the process allocated before the first check (starting up, a state
    // manager's first load) counts as allocated since the last trim.
    private long _allocated;
    private long _allocatedAtTrim;
    private DateTimeOffset _lastTrim = start - options.MinimumGap;

    public bool ShouldTrim(long totalAllocated, long committed, long heapSize, DateTimeOffset now)
    {
        var quiet = totalAllocated - _allocated < QuietBytes;
        _allocated = totalAllocated;
        if (!quiet
            || totalAllocated - _allocatedAtTrim < options.MinimumSpareBytes
            || committed - heapSize < options.MinimumSpareBytes
            || now - _lastTrim < options.MinimumGap)
        {
            return false;
        }

        _allocatedAtTrim = totalAllocated;
        _lastTrim = now;
        return true;
    }
}
