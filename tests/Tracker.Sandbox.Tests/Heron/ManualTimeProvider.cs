namespace Tracker.Sandbox.Tests.Heron;

/// <summary>A clock the test moves by hand, so the emulators' minutely buckets are where the test says.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
