using System.Net;
using System.Text.Json;
using Tracker.Jobs.Storage;
using Tracker.Jobs.Tests.Support;

namespace Tracker.Jobs.Tests.EndToEnd;

/// <summary>The whole flow against the sandbox: track a job, see it end, have its logs copied, read them back.</summary>
public sealed class LogCopyTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static async Task<JsonElement> CopyStatusWhenFinishedAsync(JobsClient client, string jobId)
        => await client.CopiesFinishedAsync(jobId, Deadline);

    [Fact]
    public async Task FailedDemoJob_BothApplicationsCopied_LogsServed_FilesAtContractPaths_CredentialsForgotten()
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync();
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        var sandbox = SandboxJobs.Of(tracker);
        var jobId = await SandboxJobs.DemoJobAsync(alice, "alice", "daily-aggregation");

        using var tracked = await alice.PostTextAsync("/api/task/track/", jobId + "\n");
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        var summary = Assert.Single((await JobsClient.JsonOf(tracked)).EnumerateArray());
        Assert.Equal(jobId, summary.GetProperty("id").GetString());
        Assert.Equal("FAILED", summary.GetProperty("status").GetString());
        var applications = SandboxJobs.Strings(summary.GetProperty("applications-ids"));
        Assert.Equal(2, applications.Count);
        Assert.Equal(applications, SandboxJobs.Strings(summary.GetProperty("application-ids")));

        // While alice has work her credentials are stored, but no database file shows her password.
        Assert.NotNull(await tracker.Service<IJobStore>().GetCredentialAsync("alice", CancellationToken.None));
        foreach (var file in Directory.GetFiles(Path.Combine(tracker.DataDirectory, "jobs"), "jobs.db*"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            Assert.DoesNotContain("alice-secret", await reader.ReadToEndAsync());
        }

        var status = await CopyStatusWhenFinishedAsync(alice, jobId);
        Assert.True(status.GetProperty("succeeded").GetBoolean());
        foreach (var applicationId in applications)
        {
            var entry = status.GetProperty("jobs").GetProperty(applicationId);
            Assert.Equal("SUCCEEDED", entry.GetProperty("status").GetString());
            Assert.Equal(jobId, entry.GetProperty("id").GetString());
            Assert.EndsWith("-W", entry.GetProperty("job").GetString());
        }

        // The files are where the contract puts them, and /logs is exactly their concatenation.
        var files = new List<string>();
        foreach (var applicationId in applications)
        {
            var text = await sandbox.ReadFileAsync(SandboxJobs.Alice, $"/user/alice/WORK/logs/{jobId}/application_{applicationId}.log");
            Assert.Contains(applicationId, text);
            files.Add(text);
        }

        using var all = await alice.Http.GetAsync($"/api/job/{jobId}/logs");
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal("text/plain", all.Content.Headers.ContentType?.MediaType);
        Assert.Equal(string.Concat(files), await all.Content.ReadAsStringAsync());

        using var one = await alice.Http.GetAsync($"/api/job/{jobId}/logs/{applications[1]}");
        Assert.Equal(files[1], await one.Content.ReadAsStringAsync());
        using var filtered = await alice.Http.GetAsync($"/api/job/{jobId}/logs?id=application_{applications[0]}");
        Assert.Equal(files[0], await filtered.Content.ReadAsStringAsync());

        // The workflow application directories went away with their copies; only the job's log directory stays.
        var logRoot = await Eventually.MatchesAsync(
            () => sandbox.WebHdfs.ListStatusAsync(SandboxJobs.Alice, "/user/alice/WORK/logs"),
            entries => entries is not null && entries.Count == 1,
            Deadline, "the copy workflow directories to be removed");
        Assert.Equal(jobId, Assert.Single(logRoot!).PathSuffix);
        foreach (var applicationId in applications)
        {
            Assert.Equal(1, await sandbox.CopyWorkflowCountAsync(SandboxJobs.Alice, applicationId));
        }

        // Nothing left to do for alice: her stored credentials are gone.
        var store = tracker.Service<IJobStore>();
        await Eventually.MatchesAsync(() => store.GetCredentialAsync("alice", CancellationToken.None), c => c is null, Deadline, "alice's credentials to be deleted");
        var (_, info) = await alice.GetJsonAsync($"/api/job/{jobId}");
        Assert.Equal("done", info.GetProperty("tracking").GetString());
        Assert.Equal("SUCCEEDED", info.GetProperty("log-jobs").GetProperty(applications[0]).GetProperty("status").GetString());
        Assert.False(info.TryGetProperty($"action-copy-job-{applications[0]}", out _));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task ScriptedJob_WithCommaSeparatedChildren_CopiesEveryApplication(int oozieVersion)
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync();
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        var sandbox = SandboxJobs.Of(tracker);
        var jobId = await sandbox.SubmitScriptedAsync(SandboxJobs.Alice, "KILLED", applications: 3, oozieVersion);
        await sandbox.WaitForStatusAsync(SandboxJobs.Alice, jobId, "KILLED", Deadline);
        var info = await sandbox.Oozie.GetJobInfoAsync(SandboxJobs.Alice, jobId);
        var action = ((Tracker.Hadoop.Oozie.OozieLookup<Tracker.Hadoop.Oozie.WorkflowJob>.Found)info).Value.Actions.Single(a => a.ExternalChildIds is not null);
        Assert.Contains(",", action.ExternalChildIds!, StringComparison.Ordinal);
        Assert.StartsWith(oozieVersion == 4 ? "job_" : "application_", action.ExternalId);

        using var tracked = await alice.PostJsonAsync("/api/task/track", $"{{\"id\": \"{jobId}\"}}");
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);

        var status = await CopyStatusWhenFinishedAsync(alice, jobId);
        Assert.True(status.GetProperty("succeeded").GetBoolean());
        var copied = status.GetProperty("jobs").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(3, copied.Count);
        Assert.All(copied, id => Assert.Matches("^[0-9]+_[0-9]+$", id));
        foreach (var applicationId in copied)
        {
            var file = await sandbox.WebHdfs.GetFileStatusAsync(SandboxJobs.Alice, $"/user/alice/WORK/logs/{jobId}/application_{applicationId}.log");
            Assert.True(file is { Length: > 0 });
        }
    }

    [Fact]
    public async Task MissingYarnLogs_EndWithTheCopyFailed_NotCopied()
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync("--Jobs:LogCopy:MaxAttempts", "2", "--Jobs:LogCopy:RetryBackoff", "00:00:00.200");
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        var sandbox = SandboxJobs.Of(tracker);
        var jobId = await sandbox.SubmitScriptedAsync(SandboxJobs.Alice, "FAILED", applications: 1, oozieVersion: 5, logs: "missing");

        using var tracked = await alice.PostJsonAsync("/api/task/track/", $"[\"{jobId}\"]");
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);

        var status = await CopyStatusWhenFinishedAsync(alice, jobId);
        Assert.False(status.GetProperty("succeeded").GetBoolean());
        var entry = Assert.Single(status.GetProperty("jobs").EnumerateObject()).Value;
        Assert.Equal("FAILED", entry.GetProperty("status").GetString());
        var applicationId = entry.GetProperty("application").GetString()!;
        Assert.Equal(2, await sandbox.CopyWorkflowCountAsync(SandboxJobs.Alice, applicationId));
        // A copy that did not succeed leaves nothing behind: no log, no temporary file.
        var directory = await sandbox.WebHdfs.ListStatusAsync(SandboxJobs.Alice, $"/user/alice/WORK/logs/{jobId}");
        Assert.Empty(directory ?? []);

        var (logs, error) = await alice.GetJsonAsync($"/api/job/{jobId}/logs/{applicationId}");
        Assert.Equal(HttpStatusCode.BadRequest, logs.StatusCode);
        Assert.Equal("No logs copied.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task SucceededJob_IsNotCopied_UntilCopyLogsAsks()
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync();
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        var jobId = await SandboxJobs.DemoJobAsync(alice, "alice", "word-count");
        using var tracked = await alice.PostTextAsync("/api/task/track/", jobId);
        var applicationId = SandboxJobs.Strings(Assert.Single((await JobsClient.JsonOf(tracked)).EnumerateArray()).GetProperty("application-ids")).Single();

        await Eventually.MatchesAsync(
            async () => (await alice.GetJsonAsync($"/api/job/{jobId}")).Body.GetProperty("tracking").GetString(),
            s => s == "done", Deadline, "the succeeded job to be done");
        var (_, before) = await alice.GetJsonAsync($"/api/job/{jobId}/logs/status");
        Assert.Equal("UNKNOWN", before.GetProperty("jobs").GetProperty(applicationId).GetProperty("status").GetString());
        Assert.False(before.GetProperty("finished").GetBoolean());

        using var copy = await alice.PostTextAsync("/api/task/copy-logs", jobId);
        Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        var body = await JobsClient.JsonOf(copy);
        Assert.False(body.GetProperty("finished").GetBoolean());
        var entry = Assert.Single(body.GetProperty("jobs").EnumerateArray());
        Assert.Equal(applicationId, entry.GetProperty("application").GetString());
        Assert.EndsWith("-W", entry.GetProperty("job").GetString());
        Assert.Equal("RUNNING", entry.GetProperty("status").GetString());

        var status = await CopyStatusWhenFinishedAsync(alice, jobId);
        Assert.True(status.GetProperty("succeeded").GetBoolean());
        var firstCopy = status.GetProperty("jobs").GetProperty(applicationId).GetProperty("job").GetString();

        // refresh=true copies again; the superseded workflow's directory is not left behind.
        using var again = await alice.PostTextAsync("/api/task/copy-logs/?refresh=true", jobId);
        var secondCopy = Assert.Single((await JobsClient.JsonOf(again)).GetProperty("jobs").EnumerateArray()).GetProperty("job").GetString();
        Assert.NotEqual(firstCopy, secondCopy);
        status = await CopyStatusWhenFinishedAsync(alice, jobId);
        Assert.True(status.GetProperty("succeeded").GetBoolean());
        var sandbox = SandboxJobs.Of(tracker);
        Assert.Equal(2, await sandbox.CopyWorkflowCountAsync(SandboxJobs.Alice, applicationId));
        await Eventually.MatchesAsync(
            () => sandbox.WebHdfs.ListStatusAsync(SandboxJobs.Alice, "/user/alice/WORK/logs"),
            entries => entries is { Count: 1 } && entries[0].PathSuffix == jobId,
            Deadline, "both copy workflow directories to be removed");
    }

    [Fact]
    public async Task CopyOfARunningJob_IsMadeAgainOnceTheJobEnds()
    {
        await using var tracker = await TrackerProcess.StartWithSandboxAsync("--Jobs:LogCopy:RetryBackoff", "00:00:00.200");
        using var alice = new JobsClient(tracker.Url, "alice", "alice-secret");
        var sandbox = SandboxJobs.Of(tracker);
        var jobId = await sandbox.SubmitScriptedAsync(SandboxJobs.Alice, "FAILED", applications: 1, oozieVersion: 5, runtimeSeconds: 8);
        await sandbox.WaitForStatusAsync(SandboxJobs.Alice, jobId, "RUNNING", Deadline);

        var early = await Eventually.MatchesAsync(
            async () => await JobsClient.JsonOf(await alice.PostTextAsync("/api/task/copy-logs/", jobId)),
            body => body.GetProperty("jobs").GetArrayLength() == 1,
            Deadline, "copy-logs to find the running job's application");
        Assert.False(early.GetProperty("finished").GetBoolean());
        var applicationId = early.GetProperty("jobs")[0].GetProperty("application").GetString()!;

        // While the job runs, its copy can never count as finished.
        var status = await CopyStatusWhenFinishedAsync(alice, jobId);
        var (_, info) = await alice.GetJsonAsync($"/api/job/{jobId}");
        Assert.Equal("FAILED", info.GetProperty("status").GetString());
        Assert.True(status.GetProperty("succeeded").GetBoolean());
        Assert.True(await sandbox.CopyWorkflowCountAsync(SandboxJobs.Alice, applicationId) >= 2);
        var copied = await sandbox.ReadFileAsync(SandboxJobs.Alice, $"/user/alice/WORK/logs/{jobId}/application_{applicationId}.log");
        Assert.Contains(applicationId, copied);
    }
}
