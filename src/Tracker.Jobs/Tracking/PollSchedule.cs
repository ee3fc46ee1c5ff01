namespace Tracker.Jobs.Tracking;

/// <summary>When a job or a copy is looked at next: exponential back-off after failures, jitter between polls.</summary>
internal static class PollSchedule
{
    /// <summary>
    /// <paramref name="first"/> after one failure, doubling per further failure up to <paramref name="max"/>; the
    /// exponent is capped so that a long outage cannot overflow the arithmetic.
    /// </summary>
    public static TimeSpan Backoff(TimeSpan first, int failures, TimeSpan max)
    {
        var exponent = Math.Min(Math.Max(failures - 1, 0), 20);
        var ticks = Math.Min(first.Ticks * Math.Pow(2, exponent), max.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// <paramref name="interval"/> give or take up to <paramref name="jitter"/> of it (clamped to half), drawn from
    /// <paramref name="random"/> in [0, 1): jobs tracked together then do not poll Oozie in lock step.
    /// </summary>
    public static TimeSpan Jittered(TimeSpan interval, double jitter, double random)
    {
        var spread = Math.Clamp(jitter, 0, 0.5);
        var factor = 1 + ((random * 2) - 1) * spread;
        return TimeSpan.FromTicks((long)(interval.Ticks * factor));
    }
}
