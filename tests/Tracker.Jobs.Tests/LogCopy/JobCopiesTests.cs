using Tracker.Hadoop.Oozie;
using Tracker.Jobs.LogCopy;
using Tracker.Jobs.Storage;

namespace Tracker.Jobs.Tests.LogCopy;

/// <summary>Which copies a job gets and when: failed jobs always, others on request, partial copies made again once the job ended.</summary>
public sealed class JobCopiesTests
{
    private const string Second = "1529519049029_420002";

    [Fact]
    public async Task FailedJob_GetsACopyOfEveryApplication()
    {
        using var rig = await CopyRig.StartAsync();

        var copies = await rig.AdvanceJobAsync(rig.Job with { ApplicationIds = [CopyRig.ApplicationId, Second] });

        Assert.Equal([CopyRig.ApplicationId, Second], copies.Keys.Order());
        Assert.All(copies.Values, c => Assert.Equal(CopyState.Submitted, c.State));
        Assert.All(copies.Values, c => Assert.False(c.Partial));
        Assert.Equal(2, rig.Oozie.Submissions);
    }

    [Fact]
    public async Task SucceededJob_GetsNoNewCopy_UnlessOneWasRequested()
    {
        using var rig = await CopyRig.StartAsync();
        var succeeded = rig.Job with { Status = OozieStatus.Succeeded, ApplicationIds = [CopyRig.ApplicationId, Second] };

        var copies = await rig.AdvanceJobAsync(succeeded);

        // Only the copy that already existed goes on.
        Assert.Equal([CopyRig.ApplicationId], copies.Keys);
        Assert.Equal([CopyRig.ApplicationId, Second], (await rig.AdvanceJobAsync(succeeded with { CopyRequested = true })).Keys.Order());
    }

    [Fact]
    public async Task PartialCopyMadeWhileTheJobRan_IsMadeAgainInFull_OnceTheJobEnded()
    {
        using var rig = await CopyRig.StartAsync();
        var running = rig.Job with { Status = OozieStatus.Running, CopyRequested = true };
        var started = (await rig.AdvanceJobAsync(running))[CopyRig.ApplicationId];
        Assert.True(started.Partial);
        rig.Oozie.RunCopies();
        var partial = (await rig.AdvanceJobAsync(running))[CopyRig.ApplicationId];
        Assert.Equal(CopyState.Succeeded, partial.State);
        Assert.True(partial.Partial);

        var again = (await rig.AdvanceJobAsync())[CopyRig.ApplicationId];

        Assert.Equal(CopyState.Submitted, again.State);
        Assert.False(again.Partial);
        Assert.Equal(2, rig.Oozie.Submissions);
    }

    [Fact]
    public async Task Request_RestartsAFailedCopy_AndWithRefreshAFinishedOne()
    {
        using var rig = await CopyRig.StartAsync();
        var copy = await rig.CopyAsync();
        await rig.Store.SaveCopyAsync(copy with { State = CopyState.Failed, Attempt = 3, Error = "gone" }, null, CancellationToken.None);

        await rig.Copies.RequestAsync(rig.Job, refresh: false, CancellationToken.None);

        var restarted = await rig.CopyAsync();
        Assert.Equal((CopyState.Pending, 0, false), (restarted.State, restarted.Attempt, restarted.Partial));
        await rig.Store.SaveCopyAsync(restarted with { State = CopyState.Succeeded, Attempt = 1 }, null, CancellationToken.None);

        await rig.Copies.RequestAsync(rig.Job, refresh: false, CancellationToken.None);
        Assert.Equal(CopyState.Succeeded, (await rig.CopyAsync()).State);

        await rig.Copies.RequestAsync(rig.Job with { Status = OozieStatus.Running }, refresh: true, CancellationToken.None);
        var refreshed = await rig.CopyAsync();
        Assert.Equal((CopyState.Pending, 0, true), (refreshed.State, refreshed.Attempt, refreshed.Partial));
    }
}
