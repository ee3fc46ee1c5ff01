using Microsoft.Extensions.Logging.Abstractions;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Tests.LogCopy;
using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Tests.Tracking;

public sealed class ChildJobExpansionTests
{
    private const string CoordinatorId = "0000007-200101000000000-oozie-oozi-C";

    private static readonly KnoxCredentials Credentials = KnoxCredentials.Basic(CopyRig.Owner, "secret");

    [Fact]
    public async Task Coordinator_TracksTheWorkflowsOfEveryPage_Once_UntilItEnds()
    {
        using var rig = await CopyRig.StartAsync();
        // More actions than one page holds, and one action still waiting for its inputs (no workflow yet).
        var workflows = Enumerable.Range(1, 1200).Select(n => $"{n:D7}-200202000000000-oozie-oozi-W").ToList();
        rig.Oozie.AddCoordinator(CoordinatorId, OozieStatus.Running, [.. workflows, null]);
        var expansion = new ChildJobExpansion(rig.Store, rig.Oozie, rig.Time, NullLogger<ChildJobExpansion>.Instance);
        var parent = new TrackedJob { Owner = CopyRig.Owner, JobId = CoordinatorId, CopyRequested = true };
        await rig.Store.TrackAsync(parent, CancellationToken.None);

        var running = await expansion.StepAsync(parent, OozieJobKind.Coordinator, Credentials, CancellationToken.None);

        Assert.Equal((OozieStatus.Running, TrackingState.Tracking), (running!.Status, running.State));
        Assert.Equal(2, rig.Oozie.CoordinatorPagesRead);
        var children = (await rig.Store.ListJobsAsync(CopyRig.Owner, CancellationToken.None)).Where(j => j.ParentId == CoordinatorId).ToList();
        Assert.Equal(workflows.Order(), children.Select(c => c.JobId).Order());
        Assert.All(children, c => Assert.True(c.CopyRequested));

        rig.Oozie.AddCoordinator(CoordinatorId, OozieStatus.Ignored, [.. workflows]);
        var ended = await expansion.StepAsync(running, OozieJobKind.Coordinator, Credentials, CancellationToken.None);

        // IGNORED is an ending: the coordinator is done, its children stay tracked once each.
        Assert.Equal((OozieStatus.Ignored, TrackingState.Done), (ended!.Status, ended.State));
        Assert.Equal(workflows.Count, (await rig.Store.ListJobsAsync(CopyRig.Owner, CancellationToken.None)).Count(j => j.ParentId == CoordinatorId));
    }

    [Fact]
    public async Task UnknownCoordinator_IsNull()
    {
        using var rig = await CopyRig.StartAsync();
        var expansion = new ChildJobExpansion(rig.Store, rig.Oozie, rig.Time, NullLogger<ChildJobExpansion>.Instance);

        var step = await expansion.StepAsync(new TrackedJob { Owner = CopyRig.Owner, JobId = CoordinatorId }, OozieJobKind.Coordinator, Credentials, CancellationToken.None);

        Assert.Null(step);
    }
}
