namespace Tracker.Jobs.Tests.Support;

/// <summary>
/// A clock the test moves by hand, so what depends on time (credential expiry, the emulators' minutely buckets)
/// is where the test says. Also compiled into Tracker.Sandbox.Tests.
/// </summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
