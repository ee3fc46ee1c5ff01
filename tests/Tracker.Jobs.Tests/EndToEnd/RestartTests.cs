using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Tracker.Hadoop;
using Tracker.Hadoop.Oozie;
using Tracker.Hadoop.WebHdfs;
using Tracker.Jobs.Credentials;
using Tracker.Jobs.LogCopy;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.EndToEnd;

/// <summary>
/// Tracker stopped and started again on the same data directory, with the sandbox running on independently
/// (as a real cluster would): no tracked job is lost, and no application gets a second copy workflow.
/// </summary>
public sealed class RestartTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private StandaloneCluster _hadoop = null!;

    public async Task InitializeAsync()
    {
        _hadoop = await StandaloneCluster.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _hadoop.DisposeAsync();
    }

    private Task<TrackerProcess> StartTrackerAsync()
        => TrackerProcess.StartAsync(Path.Combine(_hadoop.DataDirectory, "tracker"), ownsDirectory: false,
            [.. _hadoop.TrackerArguments, "--Jobs:Tracking:PollInterval", "00:00:00.200"]);

    private string AlicesFailedJob => _hadoop.DemoJob("alice", "failed");

    [Fact]
    public async Task StoppedMidCopy_FinishesAfterRestart_WithoutASecondCopyWorkflow()
    {
        var jobId = AlicesFailedJob;
        IReadOnlyList<string> applications;
        await using (var first = await StartTrackerAsync())
        {
            using var alice = new JobsClient(first.Url, "alice", "alice-secret");
            using var tracked = await alice.PostTextAsync("/api/task/track/", jobId);
            Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);

            // Stop as soon as a copy workflow runs: the sandbox takes seconds to finish one.
            var running = await Eventually.MatchesAsync(
                () => StandaloneCluster.CopyStatusAsync(alice, jobId),
                s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("jobs", out var jobs)
                    && jobs.EnumerateObject().Any(j => j.Value.TryGetProperty("job", out _)),
                Deadline, "a copy workflow to be submitted");
            Assert.False(running.GetProperty("finished").GetBoolean());
            applications = running.GetProperty("jobs").EnumerateObject().Select(p => p.Name).ToList();
        }

        await using var second = await StartTrackerAsync();
        using var aliceAgain = new JobsClient(second.Url, "alice", "alice-secret");
        var status = await Eventually.MatchesAsync(
            () => StandaloneCluster.CopyStatusAsync(aliceAgain, jobId), s => s.GetProperty("finished").GetBoolean(), Deadline, "the copies to finish after the restart");

        Assert.True(status.GetProperty("succeeded").GetBoolean());
        var (_, tracking) = await aliceAgain.GetJsonAsync("/api/jobs/tracking");
        Assert.Equal(jobId, Assert.Single(tracking.EnumerateArray()).GetProperty("id").GetString());
        foreach (var applicationId in applications)
        {
            Assert.Equal(1, await _hadoop.Jobs.CopyWorkflowCountAsync(SandboxJobs.Alice, applicationId));
            Assert.True(await _hadoop.Jobs.WebHdfs.GetFileStatusAsync(SandboxJobs.Alice, $"/user/alice/WORK/logs/{jobId}/application_{applicationId}.log") is { Length: > 0 });
        }
    }

    [Fact]
    public async Task CrashBetweenSubmittingAndRecording_IsReconciled_NotSubmittedAgain()
    {
        var jobId = AlicesFailedJob;
        var info = (OozieLookup<WorkflowJob>.Found)await _hadoop.Jobs.Oozie.GetJobInfoAsync(SandboxJobs.Alice, jobId);
        var applicationId = OozieApplicationIds.From(info.Value)[0];

        // The state a crash leaves behind: the attempt recorded as submitting, the workflow submitted, its id never written.
        var jobsDirectory = Path.Combine(_hadoop.DataDirectory, "tracker", "jobs");
        var store = JobStore.Sqlite(Path.Combine(jobsDirectory, "jobs.db"));
        await store.MigrateAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        await store.TrackAsync(new TrackedJob
        {
            Owner = "alice", JobId = jobId, Status = "FAILED", ApplicationIds = [applicationId], LastChecked = now,
            State = TrackingState.Copying, NextPollAt = now, CreatedAt = now,
        }, CancellationToken.None);
        var launcher = new CopyWorkflowLauncher(_hadoop.Jobs.Oozie, _hadoop.Jobs.WebHdfs, Options.Create(StandaloneCluster.CopyOptions));
        var appDirectory = launcher.NewAppDirectory("alice");
        await store.SaveCopyAsync(
            new ApplicationCopy { Owner = "alice", JobId = jobId, ApplicationId = applicationId, State = CopyState.Submitting, Attempt = 1, AppPath = appDirectory, NextAttemptAt = now, UpdatedAt = now },
            new CopyAttempt { Owner = "alice", JobId = jobId, ApplicationId = applicationId, Attempt = 1, AppPath = appDirectory },
            CancellationToken.None);
        var workflowId = await launcher.SubmitAsync(SandboxJobs.Alice, "alice", jobId, applicationId, appDirectory, CancellationToken.None);
        var protection = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(jobsDirectory, "keys")), b => b.SetApplicationName("Tracker.Jobs"));
        await new CredentialVault(store, protection, Options.Create(new VaultOptions()), TimeProvider.System)
            .StoreAsync("alice", SandboxJobs.Alice, CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        await using var tracker = await StartTrackerAsync();
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        var status = await Eventually.MatchesAsync(
            () => StandaloneCluster.CopyStatusAsync(alice, jobId), s => s.GetProperty("finished").GetBoolean(), Deadline, "the reconciled copy to finish");

        var entry = status.GetProperty("jobs").GetProperty(applicationId);
        Assert.Equal("SUCCEEDED", entry.GetProperty("status").GetString());
        Assert.Equal(workflowId, entry.GetProperty("job").GetString());
        Assert.Equal(1, await _hadoop.Jobs.CopyWorkflowCountAsync(SandboxJobs.Alice, applicationId));
    }

    [Fact]
    public async Task StoredCredentialsRefusedByKnox_StopThatUsersWork_UntilTheySignInAgain()
    {
        var jobId = AlicesFailedJob;
        var jobsDirectory = Path.Combine(_hadoop.DataDirectory, "tracker", "jobs");
        var store = JobStore.Sqlite(Path.Combine(jobsDirectory, "jobs.db"));
        await store.MigrateAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        await store.TrackAsync(new TrackedJob { Owner = "alice", JobId = jobId, State = TrackingState.Tracking, NextPollAt = now, CreatedAt = now }, CancellationToken.None);
        // Alice changed her password since: the stored one is refused.
        var protection = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(jobsDirectory, "keys")), b => b.SetApplicationName("Tracker.Jobs"));
        await new CredentialVault(store, protection, Options.Create(new VaultOptions()), TimeProvider.System)
            .StoreAsync("alice", KnoxCredentials.Basic("alice", "old-password"), CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        await using var tracker = await StartTrackerAsync();
        var trackerStore = tracker.Service<IJobStore>();
        var blocked = await Eventually.MatchesAsync(
            () => trackerStore.GetJobAsync("alice", jobId, CancellationToken.None), j => j!.Blocked, Deadline, "alice's work to stop");
        Assert.Contains("401", blocked!.Reason);
        Assert.Null(await trackerStore.GetCredentialAsync("alice", CancellationToken.None));

        // Any request with good credentials resumes the work.
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        var (_, tracking) = await alice.GetJsonAsync("/api/jobs/tracking");
        Assert.Equal(jobId, Assert.Single(tracking.EnumerateArray()).GetProperty("id").GetString());
        Assert.False((await trackerStore.GetJobAsync("alice", jobId, CancellationToken.None))!.Blocked);
        var status = await Eventually.MatchesAsync(
            async () => (await alice.GetJsonAsync($"/api/job/{jobId}/logs/status")).Body,
            s => s.TryGetProperty("finished", out var f) && f.GetBoolean(), Deadline, "the copies to finish once alice is back");
        Assert.True(status.GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task JobThatVanishedFromOozie_IsMarked_AndTheListStillWorks()
    {
        const string purged = "0000999-200101000000000-oozie-W";
        var jobsDirectory = Path.Combine(_hadoop.DataDirectory, "tracker", "jobs");
        var store = JobStore.Sqlite(Path.Combine(jobsDirectory, "jobs.db"));
        await store.MigrateAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        // Tracked once while Oozie knew it; Oozie has purged it since.
        await store.TrackAsync(new TrackedJob
        {
            Owner = "alice", JobId = purged, Status = "RUNNING", ApplicationIds = ["1_1"], LastChecked = now.AddHours(-1),
            State = TrackingState.Tracking, NextPollAt = now, CreatedAt = now.AddHours(-1),
        }, CancellationToken.None);
        var protection = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(jobsDirectory, "keys")), b => b.SetApplicationName("Tracker.Jobs"));
        await new CredentialVault(store, protection, Options.Create(new VaultOptions()), TimeProvider.System)
            .StoreAsync("alice", SandboxJobs.Alice, CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        await using var tracker = await StartTrackerAsync();
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        var running = _hadoop.DemoJob("alice", "running");
        (await alice.PostTextAsync("/api/task/track/", running)).Dispose();

        var list = await Eventually.MatchesAsync(
            async () => (await alice.GetJsonAsync("/api/jobs/tracking")).Body,
            l => l.EnumerateArray().Any(j => j.GetProperty("id").GetString() == purged && j.GetProperty("tracking").GetString() == "vanished"),
            Deadline, "the purged job to be marked vanished");
        Assert.Equal(2, list.GetArrayLength());
        Assert.Contains("no longer knows", list.EnumerateArray().Single(j => j.GetProperty("id").GetString() == purged).GetProperty("reason").GetString());
        var (info, _) = await alice.GetJsonAsync($"/api/job/{purged}");
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
    }
}
