using System.Net;
using System.Text.Json;
using Tracker.Hadoop;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.EndToEnd;

/// <summary>
/// Logs saved by a real sandbox copy of a failed job are owner-only in HDFS, and the sandbox's WebHDFS enforces
/// that by mode bits as HDFS does: another user (even a Tracker admin) cannot read them through the gateway.
/// </summary>
public sealed class SavedLogPermissionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Bob_cannot_read_alices_saved_logs_through_the_gateway()
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync("--Tracker:Admins", "bob");
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        using var bob = new JobsClient(tracker.Url, "bob", "bob-secret");
        var sandbox = SandboxJobs.Of(tracker);
        var jobId = await SandboxJobs.DemoJobAsync(alice, "alice", "daily-aggregation");
        using var tracked = await alice.PostTextAsync("/api/task/track/", jobId);
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        var status = await Eventually.MatchesAsync(
            async () => (await alice.GetJsonAsync($"/api/job/{jobId}/logs/status")).Body,
            s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("finished", out var f) && f.GetBoolean(), Deadline, "the copies to finish");
        Assert.True(status.GetProperty("succeeded").GetBoolean());
        var applicationId = status.GetProperty("jobs").EnumerateObject().First().Name;
        var directory = $"/user/alice/WORK/logs/{jobId}";
        var file = $"{directory}/application_{applicationId}.log";

        Assert.Equal("600", (await sandbox.WebHdfs.GetFileStatusAsync(SandboxJobs.Alice, file))!.Permission);
        Assert.Equal("700", (await sandbox.WebHdfs.GetFileStatusAsync(SandboxJobs.Alice, directory))!.Permission);
        Assert.Equal("700", (await sandbox.WebHdfs.GetFileStatusAsync(SandboxJobs.Alice, "/user/alice/WORK/logs"))!.Permission);
        Assert.Contains("Container:", await sandbox.ReadFileAsync(SandboxJobs.Alice, file));

        var open = await Assert.ThrowsAsync<WebHdfsException>(() => sandbox.ReadFileAsync(SandboxJobs.Bob, file));
        Assert.Equal(HttpStatusCode.Forbidden, open.StatusCode);
        Assert.True(open.IsAccessDenied);
        Assert.Contains("user=bob, access=EXECUTE", open.Message);
        var list = await Assert.ThrowsAsync<WebHdfsException>(() => sandbox.WebHdfs.ListStatusAsync(SandboxJobs.Bob, directory));
        Assert.True(list.IsAccessDenied);
        // Files created without a permission keep HDFS's defaults: alice's README is readable by bob.
        Assert.Equal("644", (await sandbox.WebHdfs.GetFileStatusAsync(SandboxJobs.Bob, "/user/alice/README.txt"))!.Permission);
        Assert.Contains("Home of alice", await sandbox.ReadFileAsync(SandboxJobs.Bob, "/user/alice/README.txt"));

        // Through /api, bob (an admin) reads with his own credentials, which HDFS refuses: a 403 in the API's format.
        var (response, body) = await bob.GetJsonAsync($"/api/job/{jobId}/logs/{applicationId}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("HDFS", body.GetProperty("message").GetString());
    }
}
