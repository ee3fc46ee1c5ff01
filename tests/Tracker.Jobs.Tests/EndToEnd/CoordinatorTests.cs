using System.Net;
using System.Text.Json;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.EndToEnd;

/// <summary>
/// Coordinator (<c>-C</c>) and bundle (<c>-B</c>) ids against the sandbox's demo ones: their workflows become tracked
/// jobs of their own, linked to their parent, and the failed or killed one has its logs copied as usual.
/// </summary>
public sealed class CoordinatorTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private TrackerProcess _tracker = null!;
    private JobsClient _alice = null!;

    public async Task InitializeAsync()
    {
        _tracker = await TrackerProcess.StartWithSandboxAsync();
        _alice = new JobsClient(_tracker.Url, "alice", "alice-secret");
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        await _tracker.DisposeAsync();
    }

    [Fact]
    public async Task Coordinator_EachWorkflowTrackedAsItsChild_FailedOneCopied_SucceededOnesNot()
    {
        var coordinatorId = await DemoAsync("coordinator", "coordinatorjobs", "hourly-report", "coordJobId");

        using var tracked = await _alice.PostTextAsync("/api/task/track/", coordinatorId);
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        var summary = Assert.Single((await JobsClient.JsonOf(tracked)).EnumerateArray());
        Assert.Equal(coordinatorId, summary.GetProperty("id").GetString());
        Assert.Equal("DONEWITHERROR", summary.GetProperty("status").GetString());
        Assert.Equal(0, summary.GetProperty("applications-ids").GetArrayLength());

        var workflows = await ChildrenAsync(coordinatorId, 3);
        var failed = Assert.Single(workflows, w => w.GetProperty("status").GetString() == "FAILED");
        var failedId = failed.GetProperty("id").GetString()!;
        var status = await CopiesFinishedAsync(failedId);
        Assert.True(status.GetProperty("succeeded").GetBoolean());
        var applications = status.GetProperty("jobs").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(2, applications.Count);
        foreach (var applicationId in applications)
        {
            Assert.Equal("SUCCEEDED", status.GetProperty("jobs").GetProperty(applicationId).GetProperty("status").GetString());
            var text = await SandboxJobs.Of(_tracker).ReadFileAsync(SandboxJobs.Alice, $"/user/alice/WORK/logs/{failedId}/application_{applicationId}.log");
            Assert.Contains(applicationId, text);
        }

        // A succeeded workflow of the coordinator is followed to its end but never copied on its own.
        foreach (var succeeded in workflows.Where(w => w.GetProperty("status").GetString() == "SUCCEEDED"))
        {
            var id = succeeded.GetProperty("id").GetString()!;
            var (_, copies) = await _alice.GetJsonAsync($"/api/job/{id}/logs/status");
            Assert.All(copies.GetProperty("jobs").EnumerateObject(), c => Assert.Equal("UNKNOWN", c.Value.GetProperty("status").GetString()));
        }

        // The coordinator itself ended, so it is done; its own status reads through the same routes.
        var (statusResponse, coordinatorStatus) = await _alice.GetJsonAsync($"/api/job/{coordinatorId}/status");
        Assert.Equal(HttpStatusCode.OK, statusResponse.StatusCode);
        Assert.Equal("DONEWITHERROR", coordinatorStatus.GetProperty("status").GetString());
        var coordinator = await Eventually.MatchesAsync(
            async () => (await _alice.GetJsonAsync($"/api/job/{coordinatorId}")).Body,
            j => j.GetProperty("tracking").GetString() == "done", Deadline, $"{coordinatorId} to be done");
        Assert.Equal(coordinatorId, coordinator.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Bundle_ItsCoordinatorAndThatCoordinatorsWorkflowsTracked_KilledOneCopied()
    {
        var bundleId = await DemoAsync("bundle", "bundlejobs", "nightly-bundle", "bundleJobId");

        using var tracked = await _alice.PostJsonAsync("/api/task/track", $"[\"{bundleId}\"]");
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        Assert.Equal("DONEWITHERROR", Assert.Single((await JobsClient.JsonOf(tracked)).EnumerateArray()).GetProperty("status").GetString());

        var coordinator = Assert.Single(await ChildrenAsync(bundleId, 1));
        var coordinatorId = coordinator.GetProperty("id").GetString()!;
        Assert.EndsWith("-C", coordinatorId);
        var workflows = await ChildrenAsync(coordinatorId, 2);
        var killed = Assert.Single(workflows, w => w.GetProperty("status").GetString() == "KILLED");

        var status = await CopiesFinishedAsync(killed.GetProperty("id").GetString()!);
        Assert.True(status.GetProperty("succeeded").GetBoolean());
        var copy = Assert.Single(status.GetProperty("jobs").EnumerateObject());
        Assert.Equal("SUCCEEDED", copy.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnotherUsersCoordinator_IsLeftOut_AndNothingIsTracked()
    {
        var coordinatorId = await DemoAsync("coordinator", "coordinatorjobs", "hourly-report", "coordJobId");
        using var bob = new JobsClient(_tracker.Url, "bob", "bob-secret");

        using var tracked = await bob.PostTextAsync("/api/task/track/", coordinatorId);
        using var status = await bob.Http.GetAsync($"/api/job/{coordinatorId}/status");

        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        Assert.Equal(0, (await JobsClient.JsonOf(tracked)).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal(0, (await bob.GetJsonAsync("/api/jobs/tracking")).Body.GetArrayLength());
    }

    /// <summary>A demo coordinator or bundle of alice's, found through Tracker's pass-through listing.</summary>
    private async Task<string> DemoAsync(string jobType, string listKey, string name, string idKey)
    {
        var (response, body) = await _alice.GetJsonAsync($"/api/jobs?jobtype={jobType}&filter={Uri.EscapeDataString($"name={name};user=alice")}");
        response.EnsureSuccessStatusCode();
        return Assert.Single(body.GetProperty(listKey).EnumerateArray()).GetProperty(idKey).GetString()!;
    }

    /// <summary>Alice's tracked jobs whose parent is <paramref name="parentId"/>, once there are <paramref name="count"/> with a status.</summary>
    private async Task<List<JsonElement>> ChildrenAsync(string parentId, int count)
        => await Eventually.MatchesAsync(
            async () => (await _alice.GetJsonAsync("/api/jobs/tracking")).Body.EnumerateArray()
                .Where(j => j.TryGetProperty("parent", out var parent) && parent.GetString() == parentId
                    && j.GetProperty("status").ValueKind == JsonValueKind.String)
                .ToList(),
            children => children.Count == count, Deadline, $"{count} tracked children of {parentId}");

    private async Task<JsonElement> CopiesFinishedAsync(string jobId)
        => await _alice.CopiesFinishedAsync(jobId, Deadline);
}
