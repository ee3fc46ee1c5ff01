using Tracker.Hadoop.Oozie;
using Tracker.Jobs.Storage;

namespace Tracker.Jobs.Tests.Tracking;

/// <summary>The store's "ended" flag and the worker read Oozie's one status type; they once disagreed on IGNORED.</summary>
public sealed class TrackedJobStatusTests
{
    [Theory]
    [InlineData(OozieStatus.Succeeded, true)]
    [InlineData(OozieStatus.Failed, true)]
    [InlineData(OozieStatus.Killed, true)]
    [InlineData(OozieStatus.DoneWithError, true)]
    [InlineData(OozieStatus.Ignored, true)]
    [InlineData(OozieStatus.Running, false)]
    [InlineData(OozieStatus.RunningWithError, false)]
    [InlineData(null, false)]
    public void IsTerminal_IsOozieStatusIsTerminal(string? status, bool terminal)
        => Assert.Equal(terminal, TrackedJob.IsTerminal(status));
}
