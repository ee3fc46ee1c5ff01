using System.Net;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.EndToEnd;

/// <summary>Users named in <c>Tracker:Admins</c> may read anyone's tracked job, but their own list stays their own.</summary>
public sealed class AdminTests
{
    [Fact]
    public async Task Admin_ReadsAlicesJob_ButTrackingListsOnlyTheirOwn()
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync("--Tracker:Admins", "bob");
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        using var bob = new JobsClient(tracker.Url, "bob", "bob-secret");
        var jobId = await SandboxJobs.DemoJobAsync(alice, "alice", "hourly-import");
        (await alice.PostTextAsync("/api/task/track/", jobId)).Dispose();

        var (info, body) = await bob.GetJsonAsync($"/api/job/{jobId}");
        var (status, _) = await bob.GetJsonAsync($"/api/job/{jobId}/status");
        var (_, list) = await bob.GetJsonAsync("/api/jobs/tracking");

        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        Assert.Equal(jobId, body.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(0, list.GetArrayLength());
    }
}
