using Tracker.Jobs.Storage;

namespace Tracker.Jobs.Tests.LogCopy;

/// <summary>
/// Every crash window of the copy state machine (record → submit → follow → verify → clean): the process dies
/// there, a new one starts from what the SQLite store holds, and the copy must end saved exactly once: one
/// workflow accepted by Oozie, the log file in HDFS, the attempt's directory removed.
/// </summary>
public sealed class CopyCrashWindowTests
{
    [Fact]
    public async Task CrashAfterRecord_BeforeAnyUpload_SubmitsOnceAfterRestart()
    {
        using var rig = await CopyRig.StartAsync();
        rig.Crashes.Arm(CrashPoints.BeforeUpload);

        await rig.CrashesDuring(rig.AdvanceAsync);

        var recorded = await rig.CopyAsync();
        Assert.Equal(CopyState.Submitting, recorded.State);
        Assert.NotNull(recorded.AppPath);
        Assert.Equal(0, rig.Oozie.Submissions);
        await FinishAsync(rig);
        await AssertCopiedOnceAsync(rig, recorded.AppPath);
    }

    [Fact]
    public async Task CrashAfterUpload_BeforeOozieAccepts_SubmitsOnceAfterRestart()
    {
        using var rig = await CopyRig.StartAsync();
        rig.Crashes.Arm(CrashPoints.BeforeOozieAccepts);

        await rig.CrashesDuring(rig.AdvanceAsync);

        var recorded = await rig.CopyAsync();
        Assert.Equal(CopyState.Submitting, recorded.State);
        Assert.Equal(0, rig.Oozie.Submissions);
        await FinishAsync(rig);
        await AssertCopiedOnceAsync(rig, recorded.AppPath!);
    }

    [Fact]
    public async Task CrashAfterOozieAccepted_BeforeTheIdIsRecorded_FindsTheWorkflowInsteadOfSubmittingAgain()
    {
        using var rig = await CopyRig.StartAsync();
        rig.Crashes.Arm(CrashPoints.AfterOozieAccepted);

        await rig.CrashesDuring(rig.AdvanceAsync);

        var recorded = await rig.CopyAsync();
        Assert.Equal(CopyState.Submitting, recorded.State);
        Assert.Null(recorded.WorkflowId);
        Assert.Equal(1, rig.Oozie.Submissions);

        var reconciled = await rig.AdvanceAsync();

        Assert.Equal(CopyState.Submitted, reconciled.State);
        Assert.Equal(Assert.Single(rig.Oozie.WorkflowIds), reconciled.WorkflowId);
        Assert.Equal(reconciled.WorkflowId, Assert.Single(await rig.AttemptsAsync()).WorkflowId);
        await FinishAsync(rig);
        await AssertCopiedOnceAsync(rig, recorded.AppPath!);
    }

    [Fact]
    public async Task CrashWhileFollowing_FollowsTheSameWorkflowAfterRestart()
    {
        using var rig = await CopyRig.StartAsync();
        var submitted = await rig.AdvanceAsync();
        Assert.Equal(CopyState.Submitted, submitted.State);
        rig.Crashes.Arm(CrashPoints.WhileFollowing);

        await rig.CrashesDuring(rig.AdvanceAsync);

        var recorded = await rig.CopyAsync();
        Assert.Equal(CopyState.Submitted, recorded.State);
        Assert.Equal(submitted.WorkflowId, recorded.WorkflowId);
        await FinishAsync(rig);
        await AssertCopiedOnceAsync(rig, submitted.AppPath!);
    }

    [Fact]
    public async Task CrashWhileVerifying_VerifiesAgainAfterRestart_WithoutResubmitting()
    {
        using var rig = await CopyRig.StartAsync();
        var submitted = await rig.AdvanceAsync();
        rig.Oozie.RunCopies();
        rig.Crashes.Arm(CrashPoints.WhileVerifying);

        await rig.CrashesDuring(rig.AdvanceAsync);

        // The success was not recorded: the copy is still followed, and found verified on the next step.
        Assert.Equal(CopyState.Submitted, (await rig.CopyAsync()).State);
        Assert.Equal(CopyState.Succeeded, (await rig.AdvanceAsync()).State);
        await FinishAsync(rig);
        await AssertCopiedOnceAsync(rig, submitted.AppPath!);
    }

    [Fact]
    public async Task CrashAfterVerify_BeforeCleanUpStarts_CleansAfterRestart_WithoutAskingOozieAgain()
    {
        using var rig = await CopyRig.StartAsync();
        var submitted = await rig.AdvanceAsync();
        rig.Oozie.RunCopies();
        Assert.Equal(CopyState.Succeeded, (await rig.AdvanceAsync()).State);

        // The process dies between the verified copy's write and the clean-up of its directory.
        await rig.RestartAsync();

        var attempt = Assert.Single(await rig.AttemptsAsync());
        Assert.True(attempt.Ended);
        Assert.False(attempt.Cleaned);
        Assert.True(rig.Hdfs.Exists(submitted.AppPath!));
        // A final copy is not followed again: an upstream call would set off the armed crash.
        rig.Crashes.Arm(CrashPoints.WhileFollowing);
        Assert.Equal(CopyState.Succeeded, (await rig.AdvanceAsync()).State);
        Assert.True(rig.Crashes.Pending);
        Assert.Equal(0, await rig.CleanAsync());
        await AssertCopiedOnceAsync(rig, submitted.AppPath!);
    }

    [Fact]
    public async Task CrashBeforeClean_DeletesTheDirectoryAfterRestart()
    {
        using var rig = await CopyRig.StartAsync();
        var submitted = await SucceedAsync(rig);
        rig.Crashes.Arm(CrashPoints.BeforeClean);

        await rig.CrashesDuring(rig.CleanAsync);

        Assert.True(rig.Hdfs.Exists(submitted.AppPath!));
        Assert.False(Assert.Single(await rig.AttemptsAsync()).Cleaned);
        Assert.Equal(0, await rig.CleanAsync());
        await AssertCopiedOnceAsync(rig, submitted.AppPath!);
    }

    [Fact]
    public async Task CrashAfterClean_BeforeItIsRecorded_DeletesAgainHarmlesslyAfterRestart()
    {
        using var rig = await CopyRig.StartAsync();
        var submitted = await SucceedAsync(rig);
        rig.Crashes.Arm(CrashPoints.AfterClean);

        await rig.CrashesDuring(rig.CleanAsync);

        Assert.False(rig.Hdfs.Exists(submitted.AppPath!));
        Assert.False(Assert.Single(await rig.AttemptsAsync()).Cleaned);
        Assert.Equal(0, await rig.CleanAsync());
        await AssertCopiedOnceAsync(rig, submitted.AppPath!);
    }

    /// <summary>Submits, lets the copy workflow run and verifies it: the copy is saved, its directory not yet removed.</summary>
    private static async Task<ApplicationCopy> SucceedAsync(CopyRig rig)
    {
        var submitted = await rig.AdvanceAsync();
        rig.Oozie.RunCopies();
        Assert.Equal(CopyState.Succeeded, (await rig.AdvanceAsync()).State);
        return submitted;
    }

    /// <summary>Steps the copy as the worker would (the cluster running what was submitted) until it is final, then cleans.</summary>
    private static async Task FinishAsync(CopyRig rig)
    {
        for (var step = 0; step < 10 && !(await rig.CopyAsync()).IsFinal; step++)
        {
            await rig.AdvanceAsync();
            rig.Oozie.RunCopies();
        }

        Assert.Equal(0, await rig.CleanAsync());
    }

    private static async Task AssertCopiedOnceAsync(CopyRig rig, string appPath)
    {
        var copy = await rig.CopyAsync();
        Assert.Equal(CopyState.Succeeded, copy.State);
        Assert.Equal(1, copy.Attempt);
        Assert.Equal(Assert.Single(rig.Oozie.WorkflowIds), copy.WorkflowId);
        Assert.Equal($"logs of application_{CopyRig.ApplicationId}\n", rig.Hdfs.ReadText(rig.LogPath));
        var attempt = Assert.Single(await rig.AttemptsAsync());
        Assert.Equal(appPath, attempt.AppPath);
        Assert.True(attempt.Ended);
        Assert.True(attempt.Cleaned);
        Assert.False(rig.Hdfs.Exists(appPath));
        Assert.False(rig.Hdfs.Exists($"{appPath}/workflow.xml"));
    }
}
