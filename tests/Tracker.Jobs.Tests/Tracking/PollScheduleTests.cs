using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Tests.Tracking;

public sealed class PollScheduleTests
{
    [Theory]
    [InlineData(0.0, 0.1, 27)]
    [InlineData(0.5, 0.1, 30)]
    [InlineData(1.0, 0.1, 33)]
    [InlineData(0.0, 0.9, 15)]
    [InlineData(1.0, -1.0, 30)]
    public void Jittered_SpreadsTheIntervalByTheJitter_ClampedToHalf(double random, double jitter, int expectedSeconds)
        => Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), PollSchedule.Jittered(TimeSpan.FromSeconds(30), jitter, random));
}
