using System.Net;
using System.Text.Json;
using Tracker.Hadoop.Oozie;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.EndToEnd;

/// <summary>
/// Copy workflows name the cluster's ResourceManager and name node (<c>Jobs:LogCopy</c>); the sandbox, like an
/// Oozie with whitelists, refuses others, and the copy ends FAILED after its attempts instead of pretending.
/// </summary>
public sealed class ClusterAddressTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("--Jobs:LogCopy:ResourceManager", "nowhere.example.com:8032", "KILLED")]
    [InlineData("--Jobs:LogCopy:NameNode", "hdfs://nowhere.example.com:8020", null)]
    public async Task ACopyNamingAnotherCluster_Fails_AndCopiesNothing(string option, string value, string? workflowStatus)
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync(
            option, value, "--Jobs:LogCopy:MaxAttempts", "2", "--Jobs:LogCopy:RetryBackoff", "00:00:00.200");
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        var sandbox = SandboxJobs.Of(tracker);
        var jobId = await sandbox.SubmitScriptedAsync(SandboxJobs.Alice, "FAILED", applications: 1, oozieVersion: 5);

        using var tracked = await alice.PostJsonAsync("/api/task/track/", $"[\"{jobId}\"]");
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        var status = await alice.CopiesFinishedAsync(jobId, Deadline);

        Assert.False(status.GetProperty("succeeded").GetBoolean());
        var entry = Assert.Single(status.GetProperty("jobs").EnumerateObject()).Value;
        Assert.Equal("FAILED", entry.GetProperty("status").GetString());
        var applicationId = entry.GetProperty("application").GetString()!;
        Assert.Null(await sandbox.WebHdfs.GetFileStatusAsync(SandboxJobs.Alice, $"/user/alice/WORK/logs/{jobId}/application_{applicationId}.log"));

        // A foreign job tracker: Oozie ran both attempts and killed them; a foreign name node: it accepted neither.
        var copies = await sandbox.Oozie.ListJobsAsync(SandboxJobs.Alice, new WorkflowJobQuery($"name=shell-{applicationId}", 1, 1000));
        string[] expected = workflowStatus is null ? [] : [workflowStatus, workflowStatus];
        Assert.Equal(expected, copies.Workflows.Select(w => w.Status));
    }
}
