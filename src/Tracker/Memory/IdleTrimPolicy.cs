namespace Tracker.Memory;

/// <summary>
/// When to trim: the last check interval allocated less than <see cref="QuietBytes"/> (Tracker is
/// quiet now), at least <see cref="IdleMemoryTrimOptions.MinimumAllocatedBytes"/> were allocated since
/// the last trim (what the GC may have kept committed for them is worth a full collection), and the
/// last trim is at least <see cref="IdleMemoryTrimOptions.MinimumGap"/> ago. A burst followed by quiet
/// trims once; a trickle of polling requests trims about once per gap at most, each time its
/// allocations have added up. The GC's own figures of committed memory are not consulted: they are
/// those of the last collection, and a burst smaller than the gen0 budget triggers none.
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

    public bool ShouldTrim(long totalAllocated, DateTimeOffset now)
    {
        var quiet = totalAllocated - _allocated < QuietBytes;
        _allocated = totalAllocated;
        if (!quiet || totalAllocated - _allocatedAtTrim < options.MinimumAllocatedBytes || now - _lastTrim < options.MinimumGap)
        {
            return false;
        }

        _allocatedAtTrim = totalAllocated;
        _lastTrim = now;
        return true;
    }
}
