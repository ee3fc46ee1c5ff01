namespace Tracker.Heron.Metrics.Query;

/// <summary>
/// The minutes of a window <c>[start, end]</c>: every multiple of 60 from <c>ceil(start/60)·60</c> to
/// <c>floor(end/60)·60</c>. Values of a node are kept in arrays indexed by minute of its own window.
/// </summary>
public readonly record struct MinuteGrid(long FirstMinute, int Count)
{
    public static MinuteGrid For(long start, long end)
    {
        var first = CeilingMinute(start);
        var last = FloorMinute(end);
        if (last < first)
        {
            return new MinuteGrid(first, 0);
        }

        var count = (last - first) / 60 + 1;
        if (count > int.MaxValue)
        {
            throw new MetricsQueryException($"The window [{start}, {end}] is too long");
        }

        return new MinuteGrid(first, (int)count);
    }

    public long MinuteAt(int index) => FirstMinute + 60L * index;

    /// <summary>The index of a timestamp floored to its minute, or −1 when that minute is outside the grid.</summary>
    public int IndexOf(long timestamp)
    {
        var minute = FloorMinute(timestamp);
        if (minute < FirstMinute)
        {
            return -1;
        }

        var index = (minute - FirstMinute) / 60;
        return index < Count ? (int)index : -1;
    }

    /// <summary>Python's <c>t // 60 * 60</c>: floors towards minus infinity, also for negative times.</summary>
    public static long FloorMinute(long t) => Math.DivRem(t, 60L) is var (q, r) && r < 0 ? (q - 1) * 60 : q * 60;

    public static long CeilingMinute(long t) => -FloorMinute(-t);
}
