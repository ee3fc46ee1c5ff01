using Tracker.Hadoop.Oozie;

namespace Tracker.Hadoop.Tests.Oozie;

public sealed class OozieStatusTests
{
    [Theory]
    [InlineData(OozieStatus.Succeeded)]
    [InlineData(OozieStatus.Killed)]
    [InlineData(OozieStatus.Failed)]
    public void WorkflowEndings_AreTerminal_ForWorkflowsAndForAnyJob(string status)
    {
        Assert.True(OozieStatus.IsWorkflowTerminal(status));
        Assert.True(OozieStatus.IsTerminal(status));
    }

    [Theory]
    [InlineData(OozieStatus.DoneWithError)]
    [InlineData(OozieStatus.Ignored)]
    public void CoordinatorEndings_AreTerminal_ButNoWorkflowStatus(string status)
    {
        // IGNORED is where `oozie job -ignore` puts a coordinator that already ended KILLED or FAILED: it stays there.
        Assert.True(OozieStatus.IsTerminal(status));
        Assert.False(OozieStatus.IsWorkflowTerminal(status));
    }

    [Theory]
    [InlineData(OozieStatus.Prep)]
    [InlineData(OozieStatus.Running)]
    [InlineData(OozieStatus.Suspended)]
    [InlineData(OozieStatus.PreMaterialization)]
    [InlineData(OozieStatus.Paused)]
    [InlineData(OozieStatus.PrepPaused)]
    [InlineData(OozieStatus.PrepSuspended)]
    [InlineData(OozieStatus.RunningWithError)]
    [InlineData(OozieStatus.SuspendedWithError)]
    [InlineData(OozieStatus.PausedWithError)]
    [InlineData("")]
    [InlineData(null)]
    public void StatusesThatCanStillChange_AreNotTerminal(string? status)
    {
        Assert.False(OozieStatus.IsTerminal(status));
        Assert.False(OozieStatus.IsWorkflowTerminal(status));
    }

    [Theory]
    [InlineData(OozieStatus.Failed, true)]
    [InlineData(OozieStatus.Killed, true)]
    [InlineData(OozieStatus.Succeeded, false)]
    [InlineData(OozieStatus.Running, false)]
    public void WorkflowFailure_IsFailedOrKilled(string status, bool failure)
        => Assert.Equal(failure, OozieStatus.IsWorkflowFailure(status));

    [Fact]
    public void JobRecords_AgreeWithTheOneStatusType()
    {
        Assert.True(Coordinator(OozieStatus.Ignored).IsTerminal);
        Assert.True(Coordinator(OozieStatus.DoneWithError).IsTerminal);
        Assert.False(Coordinator(OozieStatus.RunningWithError).IsTerminal);
        Assert.True(Workflow(OozieStatus.Killed).IsTerminal);
        Assert.False(Workflow(OozieStatus.Suspended).IsTerminal);
    }

    private static CoordinatorJob Coordinator(string status)
        => new("0000001-1-oozie-C", null, null, null, status, null, null, null, null, null, null, 0, []);

    private static WorkflowJob Workflow(string status)
        => new("0000001-1-oozie-W", null, null, null, null, status, null, null, null, null, null, null, null, 0, null, []);
}
