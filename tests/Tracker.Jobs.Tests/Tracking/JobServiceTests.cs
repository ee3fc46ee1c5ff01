using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Tracker.Jobs.Authentication;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Tests.Support;
using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Tests.Tracking;

/// <summary>
/// The job service against the sandbox while the test holds a job's lease as a worker would: a request never
/// waits for the lease and never writes the job past it; it leaves the work to the lease holder.
/// </summary>
public sealed class JobServiceTests
{
    private const string HeldBy = "test-worker";
    private static readonly Caller Alice = new("alice", SandboxJobs.Alice, IsAdmin: false);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_copy_request_while_the_worker_holds_the_job_is_handed_to_it_not_waited_for()
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync();
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        var store = tracker.Service<IJobStore>();
        // Still running: the worker follows it, and copies a job that succeeds only when asked.
        var jobId = await SandboxJobs.Of(tracker).SubmitScriptedAsync(SandboxJobs.Alice, "SUCCEEDED", applications: 1, oozieVersion: 5, runtimeSeconds: 6);
        using (var tracked = await alice.PostTextAsync("/api/task/track/", jobId))
        {
            Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        }

        await HoldLeaseAsync(store, jobId);

        var watch = Stopwatch.StartNew();
        var outcome = await tracker.Service<JobService>().RequestCopiesAsync(Alice, [jobId], refresh: false, CancellationToken.None);
        watch.Stop();

        // The old request polled up to five seconds for the lease and then stepped the job itself.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"the request waited {watch.Elapsed}");
        Assert.Empty(outcome.Failures);
        Assert.Equal(jobId, Assert.Single(outcome.Jobs).Job.JobId);
        Assert.True((await store.GetJobAsync("alice", jobId, CancellationToken.None))!.CopyRequested);
        Assert.Empty(await store.GetCopiesAsync("alice", jobId, CancellationToken.None));
        Assert.Null(await store.TryAcquireAsync("alice", jobId, "someone-else", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), CancellationToken.None));

        // Once the worker has the job again it makes the copies the request asked for, when the job has ended.
        await store.ReleaseAsync("alice", jobId, HeldBy, CancellationToken.None);
        var status = await alice.CopiesFinishedAsync(jobId, Deadline);
        Assert.True(status.GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task An_observation_during_a_request_is_written_under_the_lease_only()
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync();
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        var store = tracker.Service<IJobStore>();
        var service = tracker.Service<JobService>();
        var jobId = await TrackedSucceededJobAsync(alice);
        await HoldLeaseAsync(store, jobId);
        var before = (await store.GetJobAsync("alice", jobId, CancellationToken.None))!.LastChecked;

        var heldReading = await service.ReadJobAsync(Alice, jobId, refresh: true, CancellationToken.None);

        // Answered from Oozie, but the job the worker holds is not written behind its back.
        Assert.Equal("SUCCEEDED", heldReading!.Job.Status);
        Assert.Equal(before, (await store.GetJobAsync("alice", jobId, CancellationToken.None))!.LastChecked);

        await store.ReleaseAsync("alice", jobId, HeldBy, CancellationToken.None);
        await Eventually.MatchesAsync(
            async () =>
            {
                await service.ReadJobAsync(Alice, jobId, refresh: true, CancellationToken.None);
                return (await store.GetJobAsync("alice", jobId, CancellationToken.None))!.LastChecked;
            },
            lastChecked => lastChecked > before,
            Deadline,
            "the observation to be written under the service's own lease");

        // The service's lease went with its write.
        await HoldLeaseAsync(store, jobId);
    }

    /// <summary>A succeeded demo job of alice's, tracked: the worker copies it only when asked.</summary>
    private static async Task<string> TrackedSucceededJobAsync(JobsClient alice)
    {
        var jobId = await SandboxJobs.DemoJobAsync(alice, "alice", "word-count");
        using var tracked = await alice.PostTextAsync("/api/task/track/", jobId);
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        return jobId;
    }

    /// <summary>Takes the job's lease as a worker would, once the real worker has put it down.</summary>
    private static Task HoldLeaseAsync(IJobStore store, string jobId)
        => Eventually.MatchesAsync(
            () => store.TryAcquireAsync("alice", jobId, HeldBy, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10), CancellationToken.None),
            leased => leased is not null,
            Deadline,
            $"the lease of {jobId}");
}
