namespace Tracker.Heron.Tests.Metrics;

/// <summary>The emulated TManager's clock, moved by the test, so its buckets are where the test computed them.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
