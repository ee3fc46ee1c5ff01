using System.Net;
using System.Text.Json;
using Tracker.Jobs.Tests.Support;
using Tracker.Testing;

namespace Tracker.Jobs.Tests.EndToEnd;

/// <summary>The <c>Tracker.Jobs</c> meter as Prometheus scrapes it, moved by real work against the sandbox.</summary>
public sealed class TelemetryTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task FailedSandboxJob_CopyCountersMoveByItsApplications_GatewayCallsCountedByService()
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync();
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        var jobId = await SandboxJobs.DemoJobAsync(alice, "alice", "daily-aggregation");
        var before = await PrometheusText.ScrapeAsync(alice.Http);

        using var tracked = await alice.PostTextAsync("/api/task/track/", jobId + "\n");
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        var applications = Assert.Single((await JobsClient.JsonOf(tracked)).EnumerateArray()).GetProperty("applications-ids").GetArrayLength();
        Assert.Equal(2, applications);
        await Eventually.MatchesAsync(
            async () => (await alice.GetJsonAsync($"/api/job/{jobId}/logs/status")).Body,
            body => body.ValueKind == JsonValueKind.Object && body.TryGetProperty("finished", out var f) && f.GetBoolean(),
            Deadline,
            $"the copies of {jobId} to finish");

        // The gauge is refreshed where the worker rests, so it catches up a round after the copies end.
        var after = await Eventually.MatchesAsync(
            () => PrometheusText.ScrapeAsync(alice.Http),
            scrape => scrape.Sum("tracker_jobs_tracked", ("tracking_state", "done")) == 1,
            Deadline,
            "the tracked-jobs gauge to show the job done");

        Assert.Equal(applications, Delta("tracker_jobs_copies_started_total"));
        Assert.Equal(applications, Delta("tracker_jobs_copies_saved_total"));
        Assert.Equal(0, Delta("tracker_jobs_copies_failed_total"));
        Assert.Equal(0, after.Sum("tracker_jobs_tracked", ("tracking_state", "tracking")));

        // Every copy is one Oozie submission and one status poll at least, and its file is checked in WebHDFS.
        Assert.True(Delta("tracker_jobs_upstream_duration_seconds_count", ("hadoop_service", "oozie")) >= 2 * applications);
        Assert.True(Delta("tracker_jobs_upstream_duration_seconds_count", ("hadoop_service", "webhdfs")) >= applications);
        Assert.Equal(0, after.Sum("tracker_jobs_upstream_errors_total"));
        Assert.True(Delta("tracker_jobs_worker_round_duration_seconds_count") >= 1);

        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
    }

    [Fact]
    public async Task RefusedCredentials_CountAsUnauthorizedGatewayErrors()
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync();
        using var anonymous = new JobsClient(tracker.Url, null, null);
        using var intruder = new JobsClient(tracker.Url, "alice", "wrong-password");
        var before = await PrometheusText.ScrapeAsync(anonymous.Http);

        using var refused = await intruder.Http.GetAsync("/api/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var after = await PrometheusText.ScrapeAsync(anonymous.Http);
        Assert.Equal(1, after.Sum("tracker_jobs_upstream_errors_total", ("error_type", "unauthorized"))
            - before.Sum("tracker_jobs_upstream_errors_total", ("error_type", "unauthorized")));
    }
}
