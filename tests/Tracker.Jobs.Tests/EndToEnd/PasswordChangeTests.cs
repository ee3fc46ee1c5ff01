using System.Net;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.EndToEnd;

/// <summary>A password change behind Knox: once Knox refuses the old password, Tracker stops accepting it.</summary>
public sealed class PasswordChangeTests
{
    [Fact]
    public async Task Once_the_worker_is_refused_the_old_password_is_refused_at_once_while_the_new_one_works()
    {
        await using var cluster = await StandaloneCluster.StartAsync();
        await using var tracker = await TrackerProcess.StartAsync(Path.Combine(cluster.DataDirectory, "tracker"), ownsDirectory: false,
            [.. cluster.TrackerArguments, "--Jobs:Tracking:PollInterval", "00:00:00.200", "--Jobs:Authentication:VerificationCacheDuration", "00:10:00"]);
        using var before = new JobsClient(tracker.Url, "alice", "alice-secret");
        var running = cluster.DemoJob("alice", "running");
        (await before.PostTextAsync("/api/task/track/", running)).Dispose();
        Assert.Equal(HttpStatusCode.OK, (await before.GetJsonAsync("/api/jobs/tracking")).Response.StatusCode);

        cluster.Sandbox.ChangePassword("alice", "alice-new-secret");
        var store = tracker.Service<IJobStore>();
        await Eventually.MatchesAsync(
            () => store.GetJobAsync("alice", running, CancellationToken.None), job => job?.Blocked == true, TimeSpan.FromSeconds(30),
            "the worker to be refused alice's stored password");

        // The verification cache held the old password for ten minutes: the worker's refusal emptied it.
        var (refused, body) = await before.GetJsonAsync("/api/jobs/tracking");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(401, body.GetProperty("status_code").GetInt32());
        using var after = new JobsClient(tracker.Url, "alice", "alice-new-secret");
        var (accepted, jobs) = await after.GetJsonAsync("/api/jobs/tracking");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(running, jobs[0].GetProperty("id").GetString());
    }
}
