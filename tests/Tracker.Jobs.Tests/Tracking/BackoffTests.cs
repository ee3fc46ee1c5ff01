using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Tests.Tracking;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(6, 600)]
    [InlineData(60, 600)]
    public void Backoff_DoublesPerFailure_UpToTheCap(int failures, int expectedSeconds)
        => Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), JobProcessor.Backoff(TimeSpan.FromSeconds(30), failures, TimeSpan.FromMinutes(10)));
}
